#!/usr/bin/env node
// @ts-check
/**
 * Finds or builds the external tools the local stack and the tests need, in a cache outside the repo
 * (ONEWINDOW_CACHE, default ~/.cache/onewindow), and records them in <cache>/tools.json:
 *  - the Temporal CLI (dev server + Web UI), built from its Go module at a pinned version; TEMPORAL_CLI overrides;
 *  - the Java time-skipping test server (io.temporal:temporal-test-server) with its classpath, fetched by Maven,
 *    behind a wrapper script that execs java; TEMPORAL_TEST_SERVER overrides;
 *  - the browser of the console suite: Debian's chromium and a CJK font, installed with apt-get at pinned versions
 *    when missing; CHROMIUM_PATH overrides, ONEWINDOW_NO_INSTALL=1 installs nothing. When it cannot be installed
 *    (not root, no apt-get) the run goes on and tools.json says what to install (`chromiumMissing`): the console
 *    suite then fails at once with that line, and every other suite runs;
 *  - with --cluster only: the self-hosted Temporal server (`temporal-server`) and its schema tool
 *    (`temporal-sql-tool`), built from go.temporal.io/server at the release the CLI embeds (one module download for
 *    both), with the module's PostgreSQL schema files copied beside them (`npm run stack:cluster`).
 * The parts are independent and run side by side (the Go build is CPU-bound, apt and Maven mostly wait on the
 * network and the disk), so a first run costs about the Go build alone.
 * Usage: node scripts/bootstrap-tools.js [--temporal] [--test-server] [--browser] [--cluster]
 *   (no flag: the first three; --cluster alone builds only the server)
 * Plain JavaScript on purpose: it runs before anything is compiled.
 */
'use strict';
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const TEMPORAL_CLI_MODULE = 'github.com/temporalio/cli/cmd/temporal';
const TEMPORAL_CLI_VERSION = 'v1.5.1';
// The server release the CLI v1.5.1 embeds (its go.mod): `npm run stack:cluster` runs the same server.
const TEMPORAL_SERVER_MODULE = 'go.temporal.io/server';
const TEMPORAL_SERVER_VERSION = 'v1.29.1';
const POM = path.join(__dirname, 'test-server-pom.xml');
const TEST_SERVER_VERSION = /<temporal\.test-server\.version>([^<]+)</.exec(fs.readFileSync(POM, 'utf8'))?.[1];

/** The chromium and font the console suite was last verified with (Debian 12's security updates). */
const CHROMIUM_VERSION = '156.0.8078.114-1~deb12u1';
const FONT_VERSION = '0.2.0-beta-3.1';
const DEFAULT_CHROMIUM = '/usr/bin/chromium';

const cacheDir = process.env.ONEWINDOW_CACHE || path.join(os.homedir(), '.cache', 'onewindow');
const toolsFile = path.join(cacheDir, 'tools.json');

function log(message) {
  process.stdout.write(`[tools] ${message}\n`);
}

function fail(message) {
  process.stderr.write(`[tools] ERROR: ${message}\n`);
  process.exit(1);
}

function seconds(since) {
  return `${((Date.now() - since) / 1000).toFixed(1)}s`;
}

function which(command) {
  const result = spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

/** Runs a command, streaming a one-line progress summary instead of its full output. */
function run(command, args, env, describeLine) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const tail = [];
    let lines = 0;
    let lastPrint = 0;
    const onData = (chunk) => {
      for (const line of chunk.toString().split('\n')) {
        if (!line.trim()) continue;
        lines += 1;
        tail.push(line);
        if (tail.length > 20) tail.shift();
        if (Date.now() - lastPrint > 5000) {
          lastPrint = Date.now();
          log(describeLine(lines, line));
        }
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(undefined) : reject(new Error(`${command} exited ${code}:\n${tail.join('\n')}`)),
    );
  });
}

/** Go's environment for every build here: one module cache and one build cache in the tool cache, static binaries. */
function goEnv(binDir) {
  const goRoot = path.join(cacheDir, 'go');
  return {
    ...process.env,
    CGO_ENABLED: '0',
    GOBIN: binDir,
    GOPATH: path.join(goRoot, 'path'),
    GOMODCACHE: path.join(goRoot, 'path', 'pkg', 'mod'),
    GOCACHE: path.join(goRoot, 'build-cache'),
    GOFLAGS: '-mod=mod',
  };
}

async function temporalCli() {
  if (process.env.TEMPORAL_CLI) {
    if (!fs.existsSync(process.env.TEMPORAL_CLI)) fail(`TEMPORAL_CLI=${process.env.TEMPORAL_CLI} does not exist`);
    log(`Temporal CLI: ${process.env.TEMPORAL_CLI} (from TEMPORAL_CLI)`);
    return process.env.TEMPORAL_CLI;
  }
  const binDir = path.join(cacheDir, 'temporal-cli', TEMPORAL_CLI_VERSION);
  const binary = path.join(binDir, 'temporal');
  if (fs.existsSync(binary)) {
    log(`Temporal CLI ${TEMPORAL_CLI_VERSION}: ${binary} (cached)`);
    return binary;
  }
  const go = which('go');
  if (!go) fail(`the Temporal CLI is not built yet and 'go' is not on PATH: install Go (>= 1.23) or set TEMPORAL_CLI`);
  const started = Date.now();
  log(`building Temporal CLI ${TEMPORAL_CLI_VERSION} with 'go install ${TEMPORAL_CLI_MODULE}@${TEMPORAL_CLI_VERSION}'`);
  log(`first run only: downloads modules and compiles the server (a few minutes on 2 cores); cache: ${cacheDir}`);
  const env = goEnv(binDir);
  fs.mkdirSync(binDir, { recursive: true });
  try {
    await run(
      go,
      // -s -w: no symbol table or DWARF in a binary nobody debugs; halves the link (15 s to 7 s here).
      ['install', '-v', '-ldflags=-s -w', `${TEMPORAL_CLI_MODULE}@${TEMPORAL_CLI_VERSION}`],
      env,
      (n, line) => `  go: ${n} packages so far (${seconds(started)}), now ${line.trim()}`,
    );
  } catch (error) {
    fail(`building the Temporal CLI failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!fs.existsSync(binary)) fail(`go install finished but ${binary} is missing`);
  log(`Temporal CLI built in ${seconds(started)}: ${binary}`);
  return binary;
}

async function testServer() {
  if (process.env.TEMPORAL_TEST_SERVER) {
    if (!fs.existsSync(process.env.TEMPORAL_TEST_SERVER))
      fail(`TEMPORAL_TEST_SERVER=${process.env.TEMPORAL_TEST_SERVER} does not exist`);
    log(`time-skipping test server: ${process.env.TEMPORAL_TEST_SERVER} (from TEMPORAL_TEST_SERVER)`);
    return process.env.TEMPORAL_TEST_SERVER;
  }
  const home = path.join(cacheDir, `temporal-test-server-${TEST_SERVER_VERSION}`);
  const wrapper = path.join(home, 'temporal-test-server');
  if (fs.existsSync(wrapper)) {
    log(`time-skipping test server ${TEST_SERVER_VERSION}: ${wrapper} (cached)`);
    return wrapper;
  }
  const java = which('java');
  const mvn = which('mvn');
  if (!java) fail(`the time-skipping test server needs 'java' (>= 11) on PATH`);
  if (!mvn) fail(`fetching the time-skipping test server needs 'mvn' on PATH (or set TEMPORAL_TEST_SERVER)`);
  const started = Date.now();
  log(`fetching io.temporal:temporal-test-server:${TEST_SERVER_VERSION} and its classpath with Maven`);
  const lib = path.join(home, 'lib');
  fs.mkdirSync(lib, { recursive: true });
  try {
    await run(
      mvn,
      [
        '-B',
        '-f',
        POM,
        `-Dmaven.repo.local=${path.join(cacheDir, 'm2')}`,
        'dependency:copy-dependencies',
        `-DoutputDirectory=${lib}`,
        '-DincludeScope=runtime',
      ],
      process.env,
      (n, line) => `  mvn: ${n} lines (${seconds(started)}), ${line.trim().slice(0, 100)}`,
    );
  } catch (error) {
    fail(`fetching the test server failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  // exec, so that the SDK's signal to the wrapper reaches the JVM itself.
  const script = [
    '#!/bin/sh',
    '# Temporal time-skipping test server; argv: <port>',
    `exec java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss512k -cp '${lib}/*' io.temporal.testserver.TestServer "$@"`,
    '',
  ].join('\n');
  fs.writeFileSync(`${wrapper}.tmp`, script, { mode: 0o755 });
  fs.renameSync(`${wrapper}.tmp`, wrapper);
  log(`time-skipping test server ready in ${seconds(started)}: ${wrapper}`);
  return wrapper;
}

/** The installed Debian version of a package, or undefined. */
function debianVersion(pkg) {
  const result = spawnSync('dpkg-query', ['-W', '-f=${Version}', pkg], { encoding: 'utf8' });
  return result.status === 0 && result.stdout.trim() ? result.stdout.trim() : undefined;
}

/** Runs apt-get with the given arguments, quietly; resolves to whether it succeeded. */
async function aptGet(args) {
  try {
    await run(
      'apt-get',
      ['-y', '-qq', ...args],
      { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      (n, line) => `  apt: ${line.trim().slice(0, 100)}`,
    );
    return true;
  } catch (error) {
    log(
      `  apt-get ${args.join(' ')} failed: ${(error instanceof Error ? error.message : String(error)).split('\n').slice(-2).join(' ')}`,
    );
    return false;
  }
}

/**
 * The browser of the console suite: { chromium } when it can be used, { chromiumMissing } (one line saying what to
 * install) when not. Never fails the bootstrap: only the console suite needs it.
 */
async function browser() {
  const what = `chromium and fonts-wqy-microhei (apt-get install chromium=${CHROMIUM_VERSION} fonts-wqy-microhei), or set CHROMIUM_PATH`;
  if (process.env.CHROMIUM_PATH) {
    if (fs.existsSync(process.env.CHROMIUM_PATH)) {
      log(`chromium: ${process.env.CHROMIUM_PATH} (from CHROMIUM_PATH)`);
      return { chromium: process.env.CHROMIUM_PATH };
    }
    return { chromiumMissing: `CHROMIUM_PATH=${process.env.CHROMIUM_PATH} does not exist: install ${what}` };
  }
  const chromium = debianVersion('chromium');
  const font = debianVersion('fonts-wqy-microhei');
  if (chromium && font && fs.existsSync(DEFAULT_CHROMIUM)) {
    log(`chromium ${chromium} and fonts-wqy-microhei ${font}: ${DEFAULT_CHROMIUM} (installed)`);
    return { chromium: DEFAULT_CHROMIUM };
  }
  const reason =
    process.env.ONEWINDOW_NO_INSTALL === '1'
      ? 'ONEWINDOW_NO_INSTALL=1'
      : typeof process.getuid === 'function' && process.getuid() !== 0
        ? 'not root'
        : !which('apt-get')
          ? 'no apt-get'
          : undefined;
  if (reason) {
    const line = `chromium is not installed and the bootstrap may not install it (${reason}): install ${what}`;
    log(`WARNING: ${line}; the console suite will fail, the others run`);
    return { chromiumMissing: line };
  }
  const started = Date.now();
  log(`installing Debian's chromium ${CHROMIUM_VERSION} and fonts-wqy-microhei ${FONT_VERSION} with apt-get`);
  await aptGet(['update']);
  if (!(await aptGet(['install', `chromium=${CHROMIUM_VERSION}`, `fonts-wqy-microhei=${FONT_VERSION}`]))) {
    log(
      `chromium ${CHROMIUM_VERSION} (or fonts-wqy-microhei ${FONT_VERSION}) is no longer on the mirror: installing ` +
        `the release's current versions instead (update the pins in scripts/bootstrap-tools.js once the suite passes)`,
    );
    await aptGet(['install', 'chromium', 'fonts-wqy-microhei']);
  }
  if (!fs.existsSync(DEFAULT_CHROMIUM)) {
    return { chromiumMissing: `apt-get could not install chromium (see above): install ${what}` };
  }
  log(`chromium ${debianVersion('chromium')} installed in ${seconds(started)}: ${DEFAULT_CHROMIUM}`);
  return { chromium: DEFAULT_CHROMIUM };
}

/**
 * The self-hosted server for the local cluster: `go install` of cmd/server and cmd/tools/sql at the pinned release
 * (binaries renamed temporal-server and temporal-sql-tool, as the release archives name them), and the module's
 * schema/postgresql/v12 files, which temporal-sql-tool applies. Everything lands in a staging folder renamed into
 * place at the end, so an interrupted build is never taken for a finished one.
 */
async function temporalServer() {
  const home = path.join(cacheDir, 'temporal-server', TEMPORAL_SERVER_VERSION);
  const paths = {
    temporalServer: path.join(home, 'temporal-server'),
    temporalSqlTool: path.join(home, 'temporal-sql-tool'),
    temporalSchemaDir: path.join(home, 'schema', 'postgresql', 'v12'),
  };
  if (Object.values(paths).every((file) => fs.existsSync(file))) {
    log(`Temporal server ${TEMPORAL_SERVER_VERSION}: ${home} (cached)`);
    return paths;
  }
  const go = which('go');
  if (!go) fail(`the Temporal server is not built yet and 'go' is not on PATH: install Go (>= 1.25)`);
  const started = Date.now();
  const staging = `${home}.partial`;
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(staging, { recursive: true });
  const env = goEnv(staging);
  const packages = ['cmd/server', 'cmd/tools/sql'].map(
    (pkg) => `${TEMPORAL_SERVER_MODULE}/${pkg}@${TEMPORAL_SERVER_VERSION}`,
  );
  log(`building Temporal server ${TEMPORAL_SERVER_VERSION} with 'go install ${packages.join(' ')}'`);
  log(`first run only: about 3 minutes on 2 cores (the CLI's module download is reused); cache: ${cacheDir}`);
  try {
    await run(
      go,
      ['install', '-v', '-ldflags=-s -w', ...packages],
      env,
      (n, line) => `  go: ${n} packages so far (${seconds(started)}), now ${line.trim()}`,
    );
  } catch (error) {
    fail(`building the Temporal server failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  fs.renameSync(path.join(staging, 'server'), path.join(staging, 'temporal-server'));
  fs.renameSync(path.join(staging, 'sql'), path.join(staging, 'temporal-sql-tool'));
  // The module's own copy of the schemas, where `go install` just put it (read-only in the module cache).
  const located = spawnSync(go, ['mod', 'download', '-json', `${TEMPORAL_SERVER_MODULE}@${TEMPORAL_SERVER_VERSION}`], {
    env,
    encoding: 'utf8',
  });
  if (located.status !== 0) fail(`go mod download ${TEMPORAL_SERVER_MODULE} failed: ${located.stderr}`);
  const moduleDir = JSON.parse(located.stdout).Dir;
  const schema = path.join(staging, 'schema', 'postgresql', 'v12');
  fs.cpSync(path.join(moduleDir, 'schema', 'postgresql', 'v12'), schema, { recursive: true });
  // The module cache's files are read-only: the copy is made writable, so a later rebuild can replace it.
  fs.chmodSync(schema, 0o755);
  for (const entry of fs.readdirSync(schema, { recursive: true, withFileTypes: true }))
    fs.chmodSync(path.join(entry.parentPath, entry.name), entry.isDirectory() ? 0o755 : 0o644);
  fs.rmSync(home, { recursive: true, force: true });
  fs.renameSync(staging, home);
  log(`Temporal server built in ${seconds(started)}: ${home}`);
  return paths;
}

async function main() {
  const args = process.argv.slice(2);
  const parts = ['--temporal', '--test-server', '--browser', '--cluster'];
  const all = !args.some((arg) => parts.includes(arg));
  const wanted = (flag) => all || args.includes(flag);
  const started = Date.now();
  fs.mkdirSync(cacheDir, { recursive: true });
  const tools = fs.existsSync(toolsFile) ? JSON.parse(fs.readFileSync(toolsFile, 'utf8')) : {};
  const [cli, server, found, cluster] = await Promise.all([
    wanted('--temporal') ? temporalCli() : undefined,
    wanted('--test-server') ? testServer() : undefined,
    wanted('--browser') ? browser() : undefined,
    args.includes('--cluster') ? temporalServer() : undefined,
  ]);
  if (cli) tools.temporalCli = cli;
  if (server) tools.testServer = server;
  if (cluster) Object.assign(tools, cluster);
  if (found) {
    delete tools.chromium;
    delete tools.chromiumMissing;
    Object.assign(tools, found);
  }
  fs.writeFileSync(toolsFile, JSON.stringify(tools, null, 2));
  log(`tools ready in ${seconds(started)} (${toolsFile})`);
}

main().catch((error) => fail(error instanceof Error ? error.message : String(error)));
