namespace Identity.Cli.Wallet;

/// <summary>A refusal of the wallet commands: the message is printed as <c>error: ...</c> and the command exits with 1.</summary>
internal sealed class WalletException : Exception
{
    public WalletException()
    {
    }

    public WalletException(string message)
        : base(message)
    {
    }

    public WalletException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
