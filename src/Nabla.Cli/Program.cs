// The nabla command. Verbs are added by the CLI work; this entry point keeps the project buildable meanwhile.
return 0;
