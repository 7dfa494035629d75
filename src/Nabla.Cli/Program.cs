using System.Text;
using Nabla.Cli;

// Math output uses non-ASCII characters (·, π, √); say so to the terminal.
Console.OutputEncoding = Encoding.UTF8;
return new CliApp().Run(args, Console.In, Console.Out, Console.Error);
