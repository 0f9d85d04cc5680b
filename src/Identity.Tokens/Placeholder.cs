namespace Identity.Tokens;
