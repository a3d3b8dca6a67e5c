import { fatalLine } from "../../tools/fatal";

/** A tool's last word on an error nothing expected: one line, no stack trace unless asked. */
test("one line with the message; the stack only with HEROKU_APP_DEBUG=1", () => {
  const error = new Error("boom\nsecond line");
  const saved = process.env.HEROKU_APP_DEBUG;
  try {
    delete process.env.HEROKU_APP_DEBUG;
    expect(fatalLine("plan", error)).toBe(
      "plan: unexpected error: boom (HEROKU_APP_DEBUG=1 shows where)\n",
    );
    process.env.HEROKU_APP_DEBUG = "1";
    expect(fatalLine("plan", error)).toMatch(/\(HEROKU_APP_DEBUG=1 shows where\)\nError: boom\n/);
  } finally {
    if (saved === undefined) delete process.env.HEROKU_APP_DEBUG;
    else process.env.HEROKU_APP_DEBUG = saved;
  }
});
