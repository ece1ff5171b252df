// openapi.mjs MARSAD — every route of `marsad serve`, answered on an archive of
// data/examples, validated against docs/openapi.yaml: the status must be one the route
// documents, the body must match that answer's schema (ajv), and the content type its
// media type. Run from the repository root: node tests/server/openapi.mjs build/marsad
// (`make test-server` installs ajv and yaml with npm ci first).
// Prints "openapi: N passed, N failed"; exits 1 on a failure.
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync, chmodSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import Ajv from "ajv";
import YAML from "yaml";

const marsad = resolve(process.argv[2] || "build/marsad");
const spec = YAML.parse(readFileSync("docs/openapi.yaml", "utf8"));
const ajv = new Ajv({ strict: false, allErrors: true });
ajv.addSchema(spec, "spec");
let pass = 0,
  fail = 0;
const failed = (what, why) => {
  fail++;
  console.error(`FAIL openapi: ${what}: ${why}`);
};

const dir = mkdtempSync(join(tmpdir(), "marsad-openapi-"));
const db = join(dir, "m.db");
execFileSync(marsad, ["ingest", "--db", db, "data/examples"], {
  env: { ...process.env, MARSAD_NO_PROGRESS: "1" },
  stdio: "ignore",
});
writeFileSync(join(dir, "token"), "t0ken\n");
chmodSync(join(dir, "token"), 0o600);
const server = spawn(
  marsad,
  ["serve", "--db", db, "--listen", "127.0.0.1:0", "--threads", "2", "--token-file", join(dir, "token")],
  { stdio: ["ignore", "pipe", "ignore"] },
);
const port = await new Promise((ok, ko) => {
  let out = "";
  server.stdout.on("data", (d) => {
    out += d;
    const m = out.match(/listening on http:\/\/127\.0\.0\.1:(\d+)/);
    if (m) ok(Number(m[1]));
  });
  server.on("exit", () => ko(new Error("the server exited")));
  setTimeout(() => ko(new Error("the server did not start")), 10000);
});

const ptr = (s) => s.replace(/~/g, "~0").replace(/\//g, "~1");
async function check(method, template, url, opts = {}) {
  const what = `${method} ${url}`;
  const res = await fetch(`http://127.0.0.1:${port}${url}`, { method, ...opts });
  const op = spec.paths[template]?.[method.toLowerCase()];
  if (!op) return failed(what, `no ${method} ${template} in the spec`);
  const answer = op.responses[String(res.status)];
  if (!answer) return failed(what, `status ${res.status} is not documented`);
  const resolved = answer.$ref ? spec.components.responses[answer.$ref.split("/").pop()] : answer;
  const body = await res.text();
  if (!resolved.content) return pass++;
  const mediaType = Object.keys(resolved.content)[0];
  const type = res.headers.get("content-type") || "";
  if (!type.startsWith(mediaType)) return failed(what, `content type ${type}, want ${mediaType}`);
  if (mediaType !== "application/json") return pass++;
  const where = answer.$ref
    ? `spec#/components/responses/Error/content/application~1json/schema`
    : `spec#/paths/${ptr(template)}/${method.toLowerCase()}/responses/${res.status}/content/application~1json/schema`;
  const validate = ajv.compile({ $ref: where });
  let json;
  try {
    json = JSON.parse(body);
  } catch (e) {
    return failed(what, `not JSON: ${body.slice(0, 100)}`);
  }
  if (!validate(json)) return failed(what, ajv.errorsText(validate.errors));
  pass++;
  return json;
}

try {
  const q = encodeURIComponent("السيول");
  await check("GET", "/healthz", "/healthz");
  await check("GET", "/metrics", "/metrics");
  const results = await check("GET", "/api/v1/search", `/api/v1/search?q=${q}&facets=1`);
  await check("GET", "/api/v1/search", `/api/v1/search?q=${q}&sort=newest&all=1&limit=3&offset=1`);
  await check("GET", "/api/v1/search", `/api/v1/search?q=(${q}`);
  await check("GET", "/api/v1/search", `/api/v1/search`);
  const id = results?.results?.[0]?.id ?? "none";
  await check("GET", "/api/v1/articles/{id}", `/api/v1/articles/${encodeURIComponent(id)}`);
  await check("GET", "/api/v1/articles/{id}", `/api/v1/articles/no-such-id`);
  const stories = await check("GET", "/api/v1/stories", "/api/v1/stories?all=1");
  for (const s of (stories?.stories ?? []).slice(0, 5))
    await check("GET", "/api/v1/stories/{id}", `/api/v1/stories/${s.id}`);
  await check("GET", "/api/v1/stories/{id}", `/api/v1/stories/999999`);
  await check("GET", "/api/v1/quotes", `/api/v1/quotes?q=${q}&limit=20`);
  await check("GET", "/api/v1/quotes", `/api/v1/quotes`);
  await check("GET", "/api/v1/entities", `/api/v1/entities?limit=100`);
  await check("GET", "/api/v1/entities", `/api/v1/entities?type=PERS`);
  await check("GET", "/api/v1/dups", `/api/v1/dups`);
  await check("GET", "/api/v1/stats", `/api/v1/stats`);
  const post = '{"id":"o1","source":"t.example","date":"2026-12-07","title":"خبر","text":"خبر قصير عن اجتماع في عمان اليوم لبحث أزمة المياه في المنطقة."}\n';
  await check("POST", "/api/v1/ingest", "/api/v1/ingest", { body: post });
  await check("POST", "/api/v1/ingest", "/api/v1/ingest", {
    body: post,
    headers: { Authorization: "Bearer t0ken" },
  });
  await check("GET", "/", "/");
  await check("GET", "/static/{name}", "/static/index.html");
  await check("GET", "/static/{name}", "/static/nope.css");
} catch (e) {
  failed("run", e.message);
} finally {
  server.kill("SIGTERM");
  rmSync(dir, { recursive: true, force: true });
}
console.log(`openapi: ${pass} passed, ${fail} failed`);
process.exit(fail ? 1 : 0);
