// ESLint flat config: typescript-eslint's recommended rules for the program, tools and tests;
// plain recommended rules for the app (CommonJS on Node); Prettier owns formatting.
const js = require("@eslint/js");
const tseslint = require("typescript-eslint");
const prettier = require("eslint-config-prettier");
const globals = {
  require: "readonly",
  module: "writable",
  process: "readonly",
  console: "readonly",
  __dirname: "readonly",
  setTimeout: "readonly",
  clearTimeout: "readonly",
  setInterval: "readonly",
  clearInterval: "readonly",
  setImmediate: "readonly",
  Buffer: "readonly",
  URL: "readonly",
  performance: "readonly",
};

/**
 * Dependencies point one way (README, "How it fits together"): each folder of src/ may import
 * only the folders listed here, so the program never loads an offline tool.
 */
const LAYERS = {
  program: [],
  guardrails: ["program"],
  "stack-files": ["program"],
  plan: ["program", "stack-files", "guardrails"],
  local: ["program", "stack-files"],
  adopt: ["program", "stack-files"],
  drift: [],
  sandbox: ["program", "stack-files", "local"],
};
/**
 * Folders that may use only some modules of src/program/: the guardrails are compiled by the
 * policy pack from its own directory, so they reach only these dependency-free ones.
 */
const PROGRAM_MODULES = { guardrails: ["heroku-rules", "credentials", "types"] };
const layerRules = Object.entries(LAYERS).map(([folder, allowed]) => {
  const forbidden = Object.keys(LAYERS).filter(
    (other) => other !== folder && !allowed.includes(other),
  );
  const modules = PROGRAM_MODULES[folder];
  const onlyModules = modules && {
    regex: `(^|/)program/(?!(${modules.join("|")})$)`,
    message: `src/${folder}/ may import only ${modules.map((name) => `src/program/${name}.ts`).join(" and ")} from src/program/ (see src/${folder}/README.md)`,
  };
  return {
    files: folder === "program" ? ["index.ts", `src/${folder}/**/*.ts`] : [`src/${folder}/**/*.ts`],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: `(^|/)(${forbidden.join("|")})(/|$)`,
              message: `src/${folder}/ may import ${allowed.length > 0 ? `only src/${allowed.join("/, src/")}/` : "none of the other src/ folders"} (see the README, "How it fits together")`,
            },
            ...(onlyModules ? [onlyModules] : []),
          ],
        },
      ],
    },
  };
});

/**
 * The program refuses through Refusal (src/program/refusal.ts), which Pulumi prints as its message
 * alone; a plain Error would reach the user of `pulumi up` as an "unhandled exception" and its
 * stack trace.
 */
const PLAIN_ERRORS = "/^(Error|TypeError|RangeError|SyntaxError)$/";
const refusalRule = {
  files: ["index.ts", "src/program/**/*.ts"],
  rules: {
    "no-restricted-syntax": [
      "error",
      {
        selector: `ThrowStatement > NewExpression[callee.name=${PLAIN_ERRORS}]`,
        message:
          "the program refuses with a Refusal (src/program/refusal.ts): Pulumi prints its message alone",
      },
      {
        selector: `ClassDeclaration[superClass.name=${PLAIN_ERRORS}]`,
        message:
          "the program's errors extend Refusal (src/program/refusal.ts): Pulumi prints its message alone",
      },
    ],
  },
};

module.exports = tseslint.config(
  { ignores: ["**/node_modules/**", "bin/**", ".bundle/**", "coverage/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.js"],
    languageOptions: { sourceType: "commonjs", globals },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  {
    files: ["app/test/**/*.js", "test/**/*.ts"],
    languageOptions: {
      globals: {
        describe: "readonly",
        test: "readonly",
        it: "readonly",
        expect: "readonly",
        beforeAll: "readonly",
        afterAll: "readonly",
        beforeEach: "readonly",
        afterEach: "readonly",
        jest: "readonly",
      },
    },
  },
  {
    rules: {
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_" },
      ],
    },
  },
  ...layerRules,
  refusalRule,
  prettier,
);
