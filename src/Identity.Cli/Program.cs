return await Identity.Cli.CliApp.RunAsync(args, Console.In, Console.Out, Console.Error);
