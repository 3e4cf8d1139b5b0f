import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { en } from './en';
import { zh, type MessageKey } from './zh';

export type Language = 'zh' | 'en';
const CATALOGUES: Record<Language, Record<MessageKey, string>> = { zh, en };
const LANGUAGE_STORAGE = 'onewindow.language';

export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

interface I18n {
  language: Language;
  setLanguage: (language: Language) => void;
  t: Translate;
  /** A label of a code family (`status.in-review`), or the code itself when the catalogue has none. */
  label: (family: string, code: string | undefined | null) => string;
  /** A time limit in words: "1 working day", "2 working days" (the same words in Chinese). */
  limit: (limit: { value: number; unit: string }) => string;
}

const I18nContext = createContext<I18n | undefined>(undefined);

function initialLanguage(): Language {
  return localStorage.getItem(LANGUAGE_STORAGE) === 'en' ? 'en' : 'zh';
}

/** Chinese first; the English toggle is remembered in this browser (it is no secret). */
export function I18nProvider({ children }: { children: ReactNode }) {
  const [language, setLanguageState] = useState<Language>(initialLanguage);
  useEffect(() => {
    document.documentElement.lang = language === 'zh' ? 'zh-CN' : 'en';
    dayjs.locale(language === 'zh' ? 'zh-cn' : 'en');
  }, [language]);
  const setLanguage = useCallback((next: Language) => {
    localStorage.setItem(LANGUAGE_STORAGE, next);
    setLanguageState(next);
  }, []);
  const value = useMemo<I18n>(() => {
    const catalogue = CATALOGUES[language];
    const t: Translate = (key, values) =>
      catalogue[key].replace(/\{(\w+)\}/g, (whole, name: string) => String(values?.[name] ?? whole));
    const label = (family: string, code: string | undefined | null) => {
      if (!code) return '—';
      const key = `${family}.${code}`;
      return key in catalogue ? catalogue[key as MessageKey] : code;
    };
    const limit = ({ value, unit }: { value: number; unit: string }) =>
      `${value} ${label(value === 1 ? 'unitOne' : 'unit', unit)}`;
    return { language, setLanguage, t, label, limit };
  }, [language, setLanguage]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const context = useContext(I18nContext);
  if (!context) throw new Error('useI18n outside I18nProvider');
  return context;
}
