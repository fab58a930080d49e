/** Where an identity provider's tokens must come from and whom they must be for. */
export interface OidcSettings {
  issuer: string;
  jwksUrl: string;
  audience: string;
}

/** How the process verifies bearer tokens; part of the request context's services. */
export interface AuthSettings {
  production: boolean;
  devIssuerSecret: string;
  /** The platform's own identity provider, whose tokens name operators (not tenants). */
  platformOidc?: OidcSettings;
}
