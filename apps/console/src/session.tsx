import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, apiKey, unwrap } from './api/client';
import type { paths } from './api/schema';

export type Me = paths['/v1/me']['get']['responses'][200]['content']['application/json'];

interface Session {
  me: Me | null;
  /** True while a key kept in this tab is being checked. */
  checking: boolean;
  signIn: (key: string) => Promise<void>;
  signOut: () => void;
}

const SessionContext = createContext<Session | undefined>(undefined);

async function whoAmI(): Promise<Me> {
  return unwrap(await api.GET('/v1/me'));
}

/** Who is signed in: the key's identity from GET /v1/me; the key itself lives in sessionStorage only. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null>(null);
  const [checking, setChecking] = useState(() => apiKey.get() !== null);
  useEffect(() => {
    if (!apiKey.get()) return;
    whoAmI()
      .then(setMe)
      .catch(() => apiKey.clear())
      .finally(() => setChecking(false));
  }, []);
  const signIn = useCallback(async (key: string) => {
    apiKey.set(key.trim());
    try {
      setMe(await whoAmI());
    } catch (error) {
      apiKey.clear();
      throw error;
    }
  }, []);
  const signOut = useCallback(() => {
    apiKey.clear();
    setMe(null);
  }, []);
  const value = useMemo(() => ({ me, checking, signIn, signOut }), [me, checking, signIn, signOut]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const context = useContext(SessionContext);
  if (!context) throw new Error('useSession outside SessionProvider');
  return context;
}

/** The signed-in key; only used under the sign-in gate, where there always is one. */
export function useMe(): Me {
  const { me } = useSession();
  if (!me) throw new Error('useMe before sign-in');
  return me;
}
