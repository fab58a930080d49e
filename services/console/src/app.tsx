import type { ReactNode } from 'react';
import { BrowserRouter, Link, NavLink, Navigate, Route, Routes, useNavigate } from 'react-router';
import { request, useQuery } from './api';
import { CouncilContext, CouncilDocument, type Council } from './council';
import { AdminPage } from './pages/admin';
import { BenchmarkingPage } from './pages/benchmarking';
import { CasePage } from './pages/case';
import { FrontLinePage } from './pages/front-line';
import { MyWorkPage } from './pages/my-work';
import { RegisterPage } from './pages/register';
import { RegisterImportPage } from './pages/register-import';
import { OidcCallbackPage, SignInPage } from './pages/sign-in';
import { currentToken, forgetToken } from './session';
import { Pending } from './ui';

export function App() {
  return (
    <BrowserRouter basename="/console">
      <Routes>
        <Route
          path="/sign-in"
          element={
            <Frame>
              <SignInPage />
            </Frame>
          }
        />
        <Route
          path="/callback"
          element={
            <Frame>
              <OidcCallbackPage />
            </Frame>
          }
        />
        <Route path="/*" element={<SignedIn />} />
      </Routes>
    </BrowserRouter>
  );
}

/** Checked on every navigation (not once at start), so signing in or out takes effect at once. */
function SignedIn() {
  return currentToken() ? <CouncilPages /> : <Navigate to="/sign-in" replace />;
}

function CouncilPages() {
  const loaded = useQuery(() => request(CouncilDocument), []);
  return (
    <Pending loaded={loaded}>
      {(council) => (
        <CouncilContext.Provider value={council}>
          <Frame council={council}>
            <Routes>
              <Route index element={<FrontLinePage />} />
              <Route path="cases/:id" element={<CasePage />} />
              <Route path="my-work" element={<MyWorkPage />} />
              <Route path="register" element={<RegisterPage />} />
              <Route path="admin" element={<AdminPage />} />
              <Route path="register-import" element={<RegisterImportPage />} />
              <Route path="benchmarking" element={<BenchmarkingPage />} />
              <Route path="*" element={<Navigate to="/" replace />} />
            </Routes>
          </Frame>
        </CouncilContext.Provider>
      )}
    </Pending>
  );
}

const NAV: { to: string; label: string; admin?: boolean }[] = [
  { to: '/', label: 'Front line' },
  { to: '/my-work', label: 'My work' },
  { to: '/register', label: 'Register' },
  { to: '/benchmarking', label: 'Benchmarking' },
  { to: '/admin', label: 'Tenant admin', admin: true },
  { to: '/register-import', label: 'Import the register', admin: true },
];

/** GOV.UK header, service navigation, main landmark and footer around every page. */
function Frame(props: { council?: Council; children: ReactNode }) {
  const navigate = useNavigate();
  const isAdmin = props.council?.me.user.roles.includes('tenant-admin');
  return (
    <>
      <a href="#main-content" className="govuk-skip-link">
        Skip to main content
      </a>
      <header className="govuk-header" role="banner">
        <div className="govuk-header__container govuk-width-container">
          <div className="govuk-header__logo">
            <Link to="/" className="govuk-header__homepage-link">
              <span className="govuk-header__product-name">Conduct</span>
            </Link>
          </div>
        </div>
      </header>
      {props.council && (
        <nav
          aria-label="Menu"
          className="govuk-service-navigation"
          data-module="govuk-service-navigation"
        >
          <div className="govuk-width-container">
            <div className="govuk-service-navigation__container">
              <span className="govuk-service-navigation__service-name">
                {props.council.me.tenantName}
              </span>
              <ul className="govuk-service-navigation__list" id="navigation">
                {NAV.filter((n) => !n.admin || isAdmin).map((n) => (
                  <li className="govuk-service-navigation__item" key={n.to}>
                    <NavLink to={n.to} end className="govuk-service-navigation__link">
                      {n.label}
                    </NavLink>
                  </li>
                ))}
                <li className="govuk-service-navigation__item">
                  <a
                    href="/console/sign-in"
                    className="govuk-service-navigation__link"
                    onClick={(e) => {
                      e.preventDefault();
                      forgetToken();
                      navigate('/sign-in');
                    }}
                  >
                    Sign out {props.council.me.user.displayName}
                  </a>
                </li>
              </ul>
            </div>
          </div>
        </nav>
      )}
      <div className="govuk-width-container">
        <main className="govuk-main-wrapper" id="main-content" role="main" tabIndex={-1}>
          {props.children}
        </main>
      </div>
      <footer className="govuk-footer" role="contentinfo">
        <div className="govuk-width-container">
          <p className="govuk-body-s">Conduct staff console. Uses only the public GraphQL API.</p>
        </div>
      </footer>
    </>
  );
}
