/**
 * The signed-in member of staff's bearer token, for this browser tab only
 * (sessionStorage: closing the tab signs out; nothing is kept on disk).
 */
const KEY = 'conduct.token';

export function currentToken(): string | null {
  return sessionStorage.getItem(KEY);
}

export function keepToken(token: string): void {
  sessionStorage.setItem(KEY, token);
}

export function forgetToken(): void {
  sessionStorage.removeItem(KEY);
}
