using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Nabla.Course.Progress.Migrations
{
    /// <inheritdoc />
    public partial class AttemptFeedback : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "FeedbackIds",
                table: "attempts",
                type: "TEXT",
                nullable: false,
                defaultValue: "");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "FeedbackIds",
                table: "attempts");
        }
    }
}
