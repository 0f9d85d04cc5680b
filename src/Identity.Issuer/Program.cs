using Identity.Issuer.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddIdentityIssuer(builder.Configuration);

var app = builder.Build();
app.UseIdentityIssuer();
app.Run();

/// <summary>Entry point, visible to integration tests.</summary>
public partial class Program;
