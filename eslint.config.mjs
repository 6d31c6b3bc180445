import { readdirSync, existsSync } from "node:fs";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

// Import boundaries (ARCHITECTURE.md): lib/ is the framework-free core, and each daemon stands
// alone. Lint fails when either rule is broken.
const discovered = existsSync("daemons")
  ? readdirSync("daemons", { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name)
  : [];
const daemons = [...new Set([...discovered, "smtp", "imap", "pop3", "ldap"])];

const config = [
  ...nextVitals,
  ...nextTs,
  {
    ignores: ["node_modules/**", ".next/**", "lib/generated/**", "data/**", "next-env.d.ts", "test-results/**", "playwright-report/**", ".test-output/**", "scratch/**"],
  },
  {
    rules: {
      // `const { id, ...rest } = row` is how a copy drops fields.
      "@typescript-eslint/no-unused-vars": ["warn", { ignoreRestSiblings: true, argsIgnorePattern: "^_" }],
      "import/no-restricted-paths": [
        "error",
        {
          zones: [
            { target: "./lib", from: ["./app", "./components", "./daemons", "./auth.ts", "./proxy.ts"], message: "lib/ is the framework-free core: it must not import the web app or the daemons." },
            ...daemons.map((name) => ({
              target: `./daemons/${name}`,
              from: "./daemons",
              except: [`./${name}`],
              message: "A daemon must not import another daemon: share code through lib/.",
            })),
          ],
        },
      ],
    },
  },
  {
    files: ["lib/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["next", "next/*", "next-auth", "next-auth/*", "react", "react/*", "react-dom", "react-dom/*"], message: "lib/ must not depend on Next.js or React." },
            { group: ["@/app/*", "@/components/*", "@/daemons/*", "@/auth", "@/proxy"], message: "lib/ must not import the web app or the daemons." },
          ],
        },
      ],
    },
  },
];

export default config;
