#!/usr/bin/env bash
# Lints marketgate's deployment files offline; exits non-zero when any check fails.
#
#   deploy/lint.sh
#
# Tools come from Debian (yamllint, shellcheck, nginx, systemd-analyze, kubectl or Debian's
# kubernetes-client for `kubectl kustomize`) and from npm, installed once into
# build/lint-tools (or $MG_LINT_TOOLS), never committed:
#   kubernetes-models  JSON-Schema validation of every Kubernetes object
#   typescript         the same objects type-checked against kubernetes-models' types, which
#                      rejects unknown (misspelt) fields, as kubectl's strict validation does
#   dclint             Compose schema and conventions (`docker compose config` needs the
#                      compose plugin, which this machine does not have)
#   dockerfile-utils   Dockerfile instruction checks (hadolint is not packaged in Debian)
#   js-yaml            YAML parsing for the cross-file checks below
#   @redocly/cli       lints the HTTP API description docs/openapi.yaml (rules: redocly.yaml)
# Cross-file checks: Kubernetes references (selectors, Secret and ConfigMap keys), Compose
# references (depends_on, bind-mount sources), the Dockerfile's build packages against
# deploy/install-deps.sh, its package names against Debian 12 and the built binaries' shared
# libraries against its runtime stage (no Docker engine here to build it), nginx retry rules
# in Compose and deploy/local-cluster.sh, and the gateway config keys used here against the
# sample deploy/marketgate.yaml.
set -uo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
tools=${MG_LINT_TOOLS:-$root/build/lint-tools}
build_dir=${MG_BUILD_DIR:-$root/build}
npm_packages=(kubernetes-models@5.1.0 typescript@5.9.3 dclint@3.1.0 dockerfile-utils@0.16.3
  js-yaml@4.1.0 @redocly/cli@2.77.0)
cd "$root" || exit 2

yaml_files=(deploy/compose/*.yaml deploy/docker/*.yaml deploy/k8s/*.yaml)
shell_files=(deploy/lint.sh deploy/local-cluster.sh deploy/docker/reload-watch.sh deploy/sanitize.sh
  deploy/k8s/publish-markets.sh)
units=(marketgate marketgate-sandbox)

# --- Tools ---
install_apt() {
  local need=() as_root=()
  command -v yamllint >/dev/null || need+=(yamllint)
  command -v shellcheck >/dev/null || need+=(shellcheck)
  command -v nginx >/dev/null || need+=(nginx)
  command -v systemd-analyze >/dev/null || need+=(systemd)
  command -v node >/dev/null || need+=(nodejs npm)
  command -v kubectl >/dev/null || need+=(kubernetes-client)
  ((${#need[@]})) || return 0
  [[ $(id -u) -eq 0 ]] || as_root=(sudo)
  echo "lint: installing Debian packages: ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  "${as_root[@]}" apt-get update -qq &&
    "${as_root[@]}" apt-get install -y -qq --no-install-recommends \
      -o DPkg::Lock::Timeout=600 "${need[@]}" >/dev/null || return 1
  # As deploy/install-deps.sh does: an nginx installed here stays off as a service.
  if [[ " ${need[*]} " == *" nginx "* ]]; then
    "${as_root[@]}" systemctl disable --now nginx >/dev/null 2>&1 || true
  fi
}

install_npm() {
  local stamp="$tools/node_modules/.marketgate-lint" want="${npm_packages[*]}"
  [[ -f "$stamp" && "$(cat "$stamp")" == "$want" ]] && return 0
  echo "lint: installing npm packages into $tools: $want"
  mkdir -p "$tools" &&
    (cd "$tools" && { [[ -f package.json ]] || echo '{"private": true}' >package.json; } &&
      npm install --no-audit --no-fund --loglevel=error --save-exact "${npm_packages[@]}") &&
    echo "$want" >"$stamp"
}

# --- Checks: each prints its findings and returns non-zero on a problem. ---
check_yaml() {
  yamllint -f parsable -d '{extends: default, rules: {line-length: {max: 100},
    document-start: disable, comments: {min-spaces-from-content: 1}}}' "${yaml_files[@]}"
}

check_shell() { shellcheck -x "${shell_files[@]}"; }

check_k8s() {
  local out=$tmp/k8s
  mkdir -p "$out/fixture/regions/markets" "$out/fixture/regions/common"
  kubectl kustomize deploy/k8s >"$out/kustomize.yaml" || return 1
  # The market ConfigMaps as publish-markets.sh renders them: from regions/ once it holds
  # markets, from a one-file fixture until then.
  local regions=$root/regions
  if ! compgen -G "regions/markets/*.yaml" >/dev/null; then
    regions=$out/fixture/regions
    echo "market: DE" >"$regions/markets/DE.yaml"
    echo "pack: eu" >"$regions/common/eu.yaml"
  fi
  MG_REGIONS_DIR=$regions deploy/k8s/publish-markets.sh --print >"$out/markets.yaml" || return 1
  node "$tools/lint-helper.mjs" k8s "$out" "$out/kustomize.yaml" deploy/k8s/secret.example.yaml \
    "$out/markets.yaml"
}

check_compose() {
  local ok=0
  "$tools/node_modules/.bin/dclint" --max-warnings 0 --no-color deploy/compose/compose.yaml || ok=1
  node "$tools/lint-helper.mjs" compose deploy/compose/compose.yaml || ok=1
  return "$ok"
}

# Packages of the Dockerfile's Nth apt-get install (1: build stage, 2: runtime stage).
dockerfile_packages() {
  awk -v want="$1" '/apt-get install/ { n++; on = (n == want); next } on && /^ *&&/ { on = 0 }
    on { for (i = 1; i <= NF; i++) if ($i ~ /^[a-z0-9][a-z0-9.+-]+$/) print $i }' \
    deploy/docker/Dockerfile
}

check_dockerfile() {
  local ok=0 out pkg src waiting=()
  out=$("$tools/node_modules/.bin/dockerfile-utils" lint deploy/docker/Dockerfile 2>&1) || ok=1
  [[ -z "$out" ]] || { echo "$out"; ok=1; }
  # Every library the build needs (a -dev package of install-deps.sh) is in the build stage;
  # libclang-rt-dev holds the sanitizer and fuzzer runtimes of the test stages, not a library
  # the image's build links.
  local build_stage
  build_stage=$(dockerfile_packages 1)
  while read -r pkg; do
    [[ "$pkg" == libclang-rt-dev ]] && continue
    grep -qx -- "$pkg" <<<"$build_stage" ||
      { echo "deploy/docker/Dockerfile: build stage lacks $pkg (deploy/install-deps.sh has it)"; ok=1; }
  done < <(grep -oE '\blib[a-z0-9.+-]+-dev\b' deploy/install-deps.sh | sort -u)
  # COPY sources from the repo (not from a stage) exist; the market files may still be coming.
  while read -r src; do
    if [[ -e "$src" ]]; then continue; fi
    if [[ "$src" == regions/* ]]; then waiting+=("$src"); continue; fi
    echo "deploy/docker/Dockerfile: COPY source $src does not exist"; ok=1
  done < <(awk '/^COPY / && !/--from=/ { for (i = 2; i < NF; i++) print $i }' deploy/docker/Dockerfile)
  ((ok)) || ((${#waiting[@]} == 0)) || echo "waiting for ${waiting[*]}"
  return "$ok"
}

# The image cannot be built here (no Docker engine), so check what a build would need:
# every package exists in Debian 12, and every shared library the built binaries load comes
# from a runtime-stage package or from the base image (apt's dependencies).
check_image_packages() {
  local ok=0 pkg lib owner bins=() b provided
  if ! compgen -G "/var/lib/apt/lists/*bookworm*_Packages*" >/dev/null; then
    echo "skipped: no Debian 12 package lists (apt-get update)"
    return 0
  fi
  local wanted known
  wanted=$( (dockerfile_packages 1; dockerfile_packages 2) | sort -u)
  # One apt-cache call (each reads the compressed lists): names with a candidate version.
  # shellcheck disable=SC2086  # a word list by design
  known=$(apt-cache policy $wanted 2>/dev/null |
    awk '/^[^ ].*:$/ { name = substr($0, 1, length($0) - 1) } /Candidate: [0-9]/ { print name }')
  for pkg in $wanted; do
    grep -qx -- "$pkg" <<<"$known" || { echo "deploy/docker/Dockerfile: no Debian 12 package $pkg"; ok=1; }
  done
  for b in "$build_dir/gateway/marketgate" "$build_dir/gateway/sandbox/marketgate-sandbox"; do
    [[ -x "$b" ]] && bins+=("$b")
  done
  if ((${#bins[@]} == 0)); then
    ((ok)) || echo "binaries not built in $build_dir: their libraries not checked"
    return "$ok"
  fi
  # shellcheck disable=SC2046  # word lists by design
  provided=$(apt-cache depends --recurse --no-recommends --no-suggests --no-conflicts \
    --no-breaks --no-replaces --no-enhances apt $(dockerfile_packages 2) | grep -v '^ ' | sort -u)
  while read -r lib; do
    owner=$(dpkg -S "$lib" 2>/dev/null || dpkg -S "/usr$lib" 2>/dev/null || true)
    owner=${owner%%:*}
    if [[ -z "$owner" ]]; then
      echo "${bins[*]}: $lib belongs to no Debian package, so the image would lack it"; ok=1
    elif ! grep -qx -- "$owner" <<<"$provided"; then
      echo "deploy/docker/Dockerfile: runtime stage lacks $owner (for $lib)"; ok=1
    fi
  done < <(ldd "${bins[@]}" | awk '/=> \// { print $3 }' | sort -u)
  return "$ok"
}

check_nginx() {
  local t=$tmp/nginx ok=0
  mkdir -p "$t/logs"
  # Compose names resolve only inside Compose's network; map them to loopback here.
  sed -e 's/gateway-[0-9]*:8080/127.0.0.1:8080/' -e 's#/dev/stderr#'"$t"'/logs/error.log#' \
    deploy/compose/nginx.conf >"$t/nginx.conf"
  nginx -q -t -p "$t" -c "$t/nginx.conf" -e "$t/logs/error.log" -g "pid $t/nginx.pid;" || ok=1
  # The retry rules are written twice (Compose's file and the local cluster's generator).
  diff <(grep -oE 'proxy_next_upstream[a-z_]* [^;]*;' deploy/compose/nginx.conf) \
    <(grep -oE 'proxy_next_upstream[a-z_]* [^;]*;' deploy/local-cluster.sh) ||
    { echo "proxy_next_upstream rules differ between deploy/compose/nginx.conf and deploy/local-cluster.sh"; ok=1; }
  return "$ok"
}

check_systemd() {
  local t=$tmp/systemd out ok=0 unit copies=()
  mkdir -p "$t/bin"
  # verify wants the ExecStart binaries to exist: point them at stubs.
  for unit in "${units[@]}"; do
    printf '#!/bin/sh\n' >"$t/bin/$unit" && chmod +x "$t/bin/$unit"
    sed "s#/usr/local/bin/#$t/bin/#g" "deploy/systemd/$unit.service" >"$t/$unit.service"
    copies+=("$t/$unit.service")
  done
  out=$(systemd-analyze verify --man=no "${copies[@]}" 2>&1) || ok=1
  out=${out//"$t/"/deploy/systemd/}
  [[ -z "$out" ]] || { echo "$out"; ok=1; }
  # Exposure score 0 (locked down) to 10 (unsafe); keep the gateway under 2.
  systemd-analyze security --offline=yes --threshold=20 "$t/marketgate.service" >/dev/null 2>&1 ||
    { echo "marketgate.service: systemd-analyze security exposure above 2.0"; ok=1; }
  return "$ok"
}

check_config_keys() {
  if [[ ! -f deploy/marketgate.yaml ]]; then
    echo "skipped: deploy/marketgate.yaml (the reference sample) does not exist yet"
    return 0
  fi
  node "$tools/lint-helper.mjs" config-keys deploy/marketgate.yaml deploy/docker/marketgate.yaml \
    deploy/compose/marketgate.yaml deploy/k8s/secret.example.yaml
}

# Quiet when clean; no telemetry or update check (this machine reaches no network but npm's).
check_openapi() {
  local out
  out=$(REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true \
    "$tools/node_modules/.bin/redocly" lint --config redocly.yaml --format=stylish 2>&1) ||
    { grep -v '[║╔╚]' <<<"$out"; return 1; }
}

# --- The Node.js half of the checks, written next to its node_modules at each run. ---
write_helper() {
  cat >"$1" <<'JS'
// lint-helper.mjs: generated by deploy/lint.sh; edit it there.
//   node lint-helper.mjs k8s OUTDIR FILE...            schema, strict fields, references
//   node lint-helper.mjs compose FILE                  depends_on targets, bind sources
//   node lint-helper.mjs config-keys SAMPLE FILE...    config keys the sample knows
import fs from "node:fs";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const toolsDir = path.dirname(fileURLToPath(import.meta.url));
const yaml = createRequire(import.meta.url)("js-yaml");
const problems = [];
const notes = [];
const loadAll = (f) => yaml.loadAll(fs.readFileSync(f, "utf8")).filter((d) => d != null);
const isMap = (v) => v !== null && typeof v === "object" && !Array.isArray(v);
// Missing paths under regions/ wait for the market files, not for a deploy fix.
const missing = (p, what) =>
  /(^|\/)regions\//.test(p) ? notes.push(`waiting for ${p}`) : problems.push(`${what}: ${p} does not exist`);

async function k8s(outDir, files) {
  const tsDir = path.join(toolsDir, "k8s-ts");
  fs.rmSync(tsDir, { recursive: true, force: true });
  fs.mkdirSync(tsDir);
  const objs = [];
  for (const file of files) for (const doc of loadAll(file)) objs.push({ file, doc });
  for (const [i, { file, doc }] of objs.entries()) {
    if (isMap(doc.metadata) && doc.metadata.creationTimestamp === null) delete doc.metadata.creationTimestamp;
    const where = `${path.basename(file)}: ${doc.kind}/${doc.metadata?.name}`;
    const mod = `kubernetes-models/${doc.apiVersion}/${doc.kind}`;
    let Model;
    try {
      Model = (await import(mod))[doc.kind];
    } catch {
      problems.push(`${where}: no schema for apiVersion ${doc.apiVersion}, kind ${doc.kind}`);
      continue;
    }
    try {
      new Model(doc).validate();
    } catch (e) {
      problems.push(`${where}: ${e.message}`);
    }
    const ts = `// ${where}\nimport type { I${doc.kind} } from "${mod}";\n` +
      `export const doc: I${doc.kind} = ${JSON.stringify(doc, null, 2)};\n`;
    fs.writeFileSync(path.join(tsDir, `${String(i).padStart(2, "0")}-${doc.kind}-${doc.metadata?.name}.ts`), ts);
  }
  const tsFiles = fs.readdirSync(tsDir).map((f) => path.join(tsDir, f));
  try {
    execFileSync(process.execPath, [path.join(toolsDir, "node_modules/typescript/bin/tsc"), "--noEmit",
      "--strict", "--skipLibCheck", "--module", "nodenext", "--moduleResolution", "nodenext",
      ...tsFiles], { cwd: toolsDir, encoding: "utf8" });
  } catch (e) {
    problems.push(...`${e.stdout}`.trim().split("\n").map((l) => `strict fields: ${l}`));
  }
  references(objs.map((o) => o.doc));
}

function references(docs) {
  const find = (kind, name) => docs.find((d) => d.kind === kind && d.metadata?.name === name);
  const matches = (sel, labels) => Object.entries(sel ?? {}).every(([k, v]) => labels?.[k] === v);
  for (const dep of docs.filter((d) => d.kind === "Deployment")) {
    const at = `Deployment/${dep.metadata.name}`;
    const pod = dep.spec.template;
    if (!matches(dep.spec.selector.matchLabels, pod.metadata?.labels)) problems.push(`${at}: selector does not match the pod labels`);
    for (const v of pod.spec.volumes ?? []) {
      const src = v.configMap ? ["ConfigMap", v.configMap.name, v.configMap.items] : v.secret ? ["Secret", v.secret.secretName, v.secret.items] : null;
      if (!src) continue;
      const obj = find(src[0], src[1]);
      if (!obj) { problems.push(`${at}: volume ${v.name} needs ${src[0]}/${src[1]}, which no file defines`); continue; }
      const keys = new Set([...Object.keys(obj.data ?? {}), ...Object.keys(obj.stringData ?? {})]);
      for (const item of src[2] ?? []) if (!keys.has(item.key)) problems.push(`${at}: volume ${v.name} needs key ${item.key} of ${src[0]}/${src[1]}`);
    }
    for (const c of pod.spec.containers) {
      const ports = new Set((c.ports ?? []).flatMap((p) => [p.name, p.containerPort]));
      for (const probe of ["startupProbe", "livenessProbe", "readinessProbe"]) {
        const port = c[probe]?.httpGet?.port;
        if (port !== undefined && !ports.has(port)) problems.push(`${at}: ${c.name}.${probe} uses port ${port}, which the container does not declare`);
      }
      const names = new Set((pod.spec.volumes ?? []).map((v) => v.name));
      for (const m of c.volumeMounts ?? []) if (!names.has(m.name)) problems.push(`${at}: ${c.name} mounts unknown volume ${m.name}`);
    }
  }
  const deployments = docs.filter((d) => d.kind === "Deployment");
  for (const d of docs) {
    const at = `${d.kind}/${d.metadata?.name}`;
    const sel = d.kind === "Service" ? d.spec.selector : d.kind === "PodDisruptionBudget" ? d.spec.selector.matchLabels : null;
    if (sel && !deployments.some((dep) => matches(sel, dep.spec.template.metadata?.labels))) problems.push(`${at}: selector matches no Deployment's pods`);
    if (d.kind === "Service") for (const p of d.spec.ports) {
      if (typeof p.targetPort === "string" && !deployments.some((dep) => dep.spec.template.spec.containers.some((c) => (c.ports ?? []).some((cp) => cp.name === p.targetPort)))) problems.push(`${at}: targetPort ${p.targetPort} is no container port name`);
    }
    if (d.kind === "HorizontalPodAutoscaler" && !find(d.spec.scaleTargetRef.kind, d.spec.scaleTargetRef.name)) problems.push(`${at}: scale target ${d.spec.scaleTargetRef.kind}/${d.spec.scaleTargetRef.name} is not defined`);
  }
}

function compose(file) {
  const doc = loadAll(file)[0];
  const dir = path.dirname(file);
  const services = doc.services ?? {};
  for (const [name, svc] of Object.entries(services)) {
    const deps = Array.isArray(svc.depends_on) ? svc.depends_on : Object.keys(svc.depends_on ?? {});
    for (const dep of deps) if (!(dep in services)) problems.push(`${file}: ${name} depends on unknown service ${dep}`);
    for (const vol of svc.volumes ?? []) {
      const src = typeof vol === "string" ? vol.split(":")[0] : vol.source;
      if (/^\.{1,2}\//.test(src ?? "") && !fs.existsSync(path.join(dir, src))) missing(path.normalize(path.join(dir, src)), `${file}: ${name} mounts`);
    }
  }
}

// Key paths of a config: "store", "store.driver", "api_keys[].id", ... (three levels).
function keyPaths(value, prefix = "", depth = 0, out = new Map()) {
  if (depth > 2) return out;
  if (Array.isArray(value)) {
    out.set(prefix, value.length > 0);
    for (const item of value) if (isMap(item)) keyPaths(item, `${prefix}[].`, depth + 1, out);
  } else if (isMap(value)) {
    for (const [k, v] of Object.entries(value)) {
      out.set(prefix + k, true);
      if (isMap(v) || Array.isArray(v)) keyPaths(v, Array.isArray(v) ? prefix + k : `${prefix}${k}.`, depth + 1, out);
    }
  }
  return out;
}

function configKeys(sampleFile, files) {
  const text = fs.readFileSync(sampleFile, "utf8");
  const sample = keyPaths(yaml.load(text));
  for (const file of files) {
    let cfg = loadAll(file)[0];
    if (cfg?.kind === "Secret") cfg = yaml.load(cfg.stringData["marketgate.yaml"]);
    for (const key of keyPaths(cfg).keys()) {
      if (sample.has(key)) continue;
      const list = key.includes("[].") ? key.slice(0, key.indexOf("[].")) : null;
      if (list && sample.get(list) === false) continue; // the sample's list is empty: item keys unknown
      const leaf = key.split(/\.|\[\]\./).pop();
      if (new RegExp(`(^|[\\s#])${leaf}:`, "m").test(text)) continue; // documented in a comment
      problems.push(`${file}: key ${key} is not in ${sampleFile}`);
    }
  }
}

const [cmd, ...args] = process.argv.slice(2);
if (cmd === "k8s") await k8s(args[0], args.slice(1));
else if (cmd === "compose") compose(args[0]);
else if (cmd === "config-keys") configKeys(args[0], args.slice(1));
else problems.push(`unknown command ${cmd}`);
for (const p of problems) console.log(p);
if (!problems.length && notes.length) console.log(notes.join("; "));
process.exit(problems.length ? 1 : 0);
JS
}

# --- Runner ---
passed=0 failed=0
run() { # NAME FUNCTION
  local out rc
  out=$("$2" 2>&1)
  rc=$?
  if ((rc == 0)); then
    passed=$((passed + 1))
    echo "lint: PASS $1${out:+ ($out)}"
  else
    failed=$((failed + 1))
    echo "lint: FAIL $1"
    # shellcheck disable=SC2001
    sed 's/^/    /' <<<"$out"
  fi
}

install_apt || { echo "lint: could not install the Debian packages"; exit 1; }
install_npm || { echo "lint: could not install the npm packages"; exit 1; }
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
write_helper "$tools/lint-helper.mjs"

run "yamllint: ${#yaml_files[@]} YAML files" check_yaml
run "shellcheck: ${#shell_files[@]} scripts" check_shell
run "kubernetes: kustomize build, schemas, strict fields, references" check_k8s
run "compose: dclint schema and conventions, references" check_compose
run "dockerfile: dockerfile-utils, build packages, COPY sources" check_dockerfile
run "image packages: Debian 12 names, runtime libraries of the built binaries" check_image_packages
run "nginx: nginx -t, retry rules in step" check_nginx
run "systemd: systemd-analyze verify and security" check_systemd
run "config keys against deploy/marketgate.yaml" check_config_keys
run "openapi: redocly lint of docs/openapi.yaml" check_openapi
echo "lint: $passed passed, $failed failed"
((failed == 0))
