import { startLocalOidc, type LocalOidc } from './local-oidc';
import { startTestApi, type TestApi } from './test-api';

export interface ProductionOidc {
  api: TestApi;
  /** The platform's provider: the operator `ops@platform.example` signs in as subject `oid-ops`. */
  platform: LocalOidc;
  /** Maidstone's own provider, set on the council (issuer, JWKS, audience). */
  council: LocalOidc;
  maidstone: string;
  close(): Promise<void>;
}

/**
 * The API in production mode (no dev issuer) against local OIDC providers for
 * the platform and for Maidstone, with one platform operator: the set-up of
 * the operator-side tests (takeover, break-glass).
 */
export async function startProductionOidc(councilIssuer: string): Promise<ProductionOidc> {
  const platform = await startLocalOidc('https://platform.example/v2.0', 'api://conduct-platform');
  const council = await startLocalOidc(councilIssuer, 'api://conduct-maidstone');
  const api = await startTestApi({
    production: true,
    platformOidc: {
      issuer: platform.issuer,
      jwksUrl: platform.jwksUrl,
      audience: platform.audience,
    },
  });
  const maidstone = api.tenants.maidstone!;
  await api.owner.query(
    `update tenant set oidc_issuer = $1, oidc_jwks_url = $2, oidc_audience = $3 where id = $4`,
    [council.issuer, council.jwksUrl, council.audience, maidstone],
  );
  await api.owner.query(
    `insert into operator (email, display_name, subject) values ('ops@platform.example', 'Ops', 'oid-ops')`,
  );
  return {
    api,
    platform,
    council,
    maidstone,
    async close() {
      await api.close();
      await Promise.all([council.close(), platform.close()]);
    },
  };
}
