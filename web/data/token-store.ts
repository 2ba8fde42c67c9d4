const KEY = 'flowlens.token';

/** The bearer token, kept for the browser tab only (sessionStorage). */
export const tokenStore = {
  get: (): string => sessionStorage.getItem(KEY) ?? '',
  set: (token: string): void => {
    if (token) {
      sessionStorage.setItem(KEY, token);
    } else {
      sessionStorage.removeItem(KEY);
    }
  },
};
