// The settings forms' shared look: full width on a phone (390 px), bounded on a desktop.
export const INPUT_CLASS =
  "mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-slate-900 focus:border-blue-600 focus:outline-none dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100";
export const LABEL_CLASS = "block text-sm font-medium";
export const BUTTON_CLASS = "rounded-md bg-blue-700 px-4 py-2 text-white hover:bg-blue-800 disabled:opacity-60";
