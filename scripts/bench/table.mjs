// Turns the results object into one table (rows of figure, median, spread, n, goal, verdict), printed
// as text on the terminal and as Markdown for docs/benchmarks.md. Every number comes from the JSON.

const fmt = (x, unit = 'ms') => {
  if (x === null || x === undefined || Number.isNaN(x)) return '–';
  if (unit === 'ratio') return x.toFixed(3);
  if (unit === 'count') return String(Math.round(x * 10) / 10);
  if (unit === 'KiB') return `${(x / 1024).toFixed(1)} KiB`;
  if (unit === 'MiB') return `${(x / 1024).toFixed(1)} MiB`;
  const digits = Math.abs(x) >= 100 ? 0 : Math.abs(x) >= 10 ? 1 : 2;
  return `${x.toFixed(digits)} ms`;
};

/** A row from a stats summary ({median, p10, p90, n}). */
function statRow(section, figure, s, { unit = 'ms', goal = '', verdict = '' } = {}) {
  if (!s) return { section, figure, median: '–', spread: '–', n: '', goal, verdict };
  return {
    section,
    figure,
    median: fmt(s.median, unit),
    spread: s.n > 1 ? `${fmt(s.p10, unit)} – ${fmt(s.p90, unit)}` : '',
    n: String(s.n),
    goal,
    verdict,
  };
}

function valueRow(section, figure, value, { goal = '', verdict = '' } = {}) {
  return { section, figure, median: value, spread: '', n: '', goal, verdict };
}

const yes = (met) => (met === undefined || met === null ? '' : met ? 'met' : 'MISSED');

function errorRow(section, error) {
  return valueRow(section, 'not measured', '–', { verdict: `error: ${String(error).slice(0, 80)}` });
}

export function tableRows(r) {
  const rows = [];
  // 1. Read latency
  if (r.read?.error) rows.push(errorRow('1 read', r.read.error));
  else if (r.read) {
    for (const key of ['baud115200', 'baud9600']) {
      const x = r.read[key];
      if (!x) continue;
      const b = x.baud.toLocaleString('en');
      rows.push(
        valueRow(
          '1 read',
          `${b} baud: wire, ${x.wire.bytesBothWays} B both ways (simulator paces ${x.wire.replyBytes} B)`,
          `${fmt(x.wire.physicalMs)} (${fmt(x.wire.simulatorPacedMs)})`,
        ),
      );
      rows.push(statRow('1 read', `${b} baud: simulated card time (measured, raw − paced wire)`, x.simulatedCardTime));
      rows.push(statRow('1 read', `${b} baud: raw SAM exchange, no host (= wire + card time)`, x.raw));
      rows.push(statRow('1 read', `${b} baud: host read on an open port`, x.hostRead));
      rows.push(
        statRow(
          '1 read',
          `${b} baud: ratio host ÷ (wire + card time)`,
          { median: x.ratio.median, p10: x.ratio.p10, p90: x.ratio.p90, n: x.hostRead.n },
          {
            unit: 'ratio',
            goal: '≤ 1.05',
            verdict: yes(x.ratio.met) + (x.simulatorPacing?.ok === false ? ' (simulator pacing off!)' : ''),
          },
        ),
      );
      rows.push(valueRow('1 read', `${b} baud: first read (opens the port, loads serialport)`, fmt(x.hostColdFirstRead)));
      if (x.hostReadFailures?.length) {
        rows.push(
          valueRow(
            '1 read',
            `${b} baud: host reads that failed (retried)`,
            `${x.hostReadFailures.length}: ${[...new Set(x.hostReadFailures.map((f) => f.code))].join(', ')}`,
          ),
        );
      }
    }
  }
  // 2. Host
  if (r.host?.error) rows.push(errorRow('2 host', r.host.error));
  else if (r.host) {
    const h = r.host;
    rows.push(
      statRow('2 host', 'process start → hello (bundled host, reader auto)', h.hostStart.hello, {
        goal: '≤ 150 ms',
        verdict: yes(h.hostStart.met),
      }),
    );
    rows.push(statRow('2 host', 'Node alone: process start → first byte (floor)', h.hostStart.nodeStartFloor));
    rows.push(
      statRow('2 host', `status round trip, open port (sim, incl. ${fmt(h.statusRoundTrip.wireFloorMs)} wire)`, h.statusRoundTrip.status),
    );
    rows.push(
      statRow('2 host', 'status round trip − its wire floor (host share)', h.statusRoundTrip.hostShare, {
        goal: '≤ 2 ms',
        verdict: yes(h.statusRoundTrip.met),
      }),
    );
    rows.push(statRow('2 host', 'protocol-only round trip (unwatch, no reader I/O)', h.statusRoundTrip.protocolOnly));
  }
  // 3. Fill engine
  if (r.fill?.error) rows.push(errorRow('3 fill', r.fill.error));
  else if (r.fill) {
    for (const [name, f] of Object.entries(r.fill.fixtures)) {
      if (f.error) {
        rows.push(valueRow('3 fill', `fixture ${name}`, '–', { verdict: `error: ${f.error.slice(0, 60)}` }));
        continue;
      }
      rows.push(statRow('3 fill', `fixture ${name}: plan + fill CPU (${f.filled} filled)`, f.planPlusFillCpuMs));
      if (f.engineCpuMs != null) {
        rows.push(
          valueRow(
            '3 fill',
            `fixture ${name}: of which engine / page (profiled run)`,
            `${f.engineCpuMs.toFixed(1)} ms / ${f.pageCpuMs.toFixed(1)} ms`,
            { goal: 'engine < 60 ms', verdict: yes(f.engineCpuMs < 60) },
          ),
        );
      }
    }
    for (const [n, g] of Object.entries(r.fill.generated)) {
      const size = Number(n).toLocaleString('en');
      const goal = n === '1000' ? '≤ 16 ms' : '';
      const verdict = n === '1000' ? yes(r.fill.goals.at1000.met) : '';
      rows.push(statRow('3 fill', `${size} controls: plan, wall`, g.planWallMs));
      rows.push(statRow('3 fill', `${size} controls: plan, main-thread CPU`, g.planCpuMs));
      rows.push(statRow('3 fill', `${size} controls: fill, main-thread CPU (${g.filled} filled)`, g.fillCpuMs));
      rows.push(statRow('3 fill', `${size} controls: plan + fill CPU`, g.planPlusFillCpuMs, { goal, verdict }));
      rows.push(statRow('3 fill', `${size} controls: fill click → last write (designed waits incl.)`, g.fillToLastWriteMs));
      rows.push(statRow('3 fill', `${size} controls: layouts forced by plan / by fill`, g.planLayouts, { unit: 'count' }));
      rows[rows.length - 1].median =
        `${fmt(g.planLayouts.median, 'count')} / ${fmt(g.fillLayouts.median, 'count')} (${fmt(g.fillLayoutMs.median)})`;
      rows[rows.length - 1].spread = '';
      if (g.plannedWhenIdentityRowsAreLast !== null && g.plannedWhenIdentityRowsAreLast !== undefined) {
        rows.push(
          valueRow(
            '3 fill',
            `${size} controls: identity fields planned when they come last`,
            `${g.plannedWhenIdentityRowsAreLast} of ${g.identityRows}`,
          ),
        );
      }
    }
    const gr = r.fill.goals.growth10kOver1k;
    rows.push(
      valueRow('3 fill', 'growth 10,000 ÷ 1,000 controls (plan + fill CPU)', `${gr.ratio}×`, { goal: '≤ 12×', verdict: yes(gr.met) }),
    );
    rows.push(
      valueRow('3 fill', 'layout thrashing (forced layouts flat in page size)', r.fill.goals.layoutThrashing.met ? 'none' : 'yes', {
        goal: 'none',
        verdict: yes(r.fill.goals.layoutThrashing.met),
      }),
    );
  }
  // 4. End to end
  if (r.e2e?.error) rows.push(errorRow('4 e2e', r.e2e.error));
  else if (r.e2e) {
    const e = r.e2e;
    rows.push(statRow('4 e2e', `Read click → card shown (wire ${fmt(e.readWireFloorMs)})`, e.readMs));
    rows.push(statRow('4 e2e', 'Preview click → plan shown', e.previewMs));
    rows.push(statRow('4 e2e', 'Fill click → last field filled', e.fillToLastFieldMs));
    rows.push(statRow('4 e2e', 'Fill click → report shown (incl. 300 ms re-read)', e.fillToReportMs));
    rows.push(statRow('4 e2e', 'CardFill time: read + preview + fill to last field', e.cardfillMs));
    rows.push(valueRow('4 e2e', 'first run (host started by the browser): CardFill time', fmt(e.cold.cardfillMs)));
  }
  // 5. Sizes and memory
  if (r.sizes?.error) rows.push(errorRow('5 size', r.sizes.error));
  else if (r.sizes) {
    const s = r.sizes;
    rows.push(
      valueRow('5 size', 'content script, min+gzip', fmt(s.content.minGzipBytes, 'KiB'), { goal: '≤ 20 KiB', verdict: yes(s.goal.met) }),
    );
    for (const [name, b] of Object.entries(s.optional ?? {})) {
      rows.push(valueRow('5 size', `+ ${name}, min+gzip (injected only where needed)`, fmt(b.minGzipBytes, 'KiB')));
    }
    rows.push(valueRow('5 size', 'popup (html, js, shared chunk, css), min+gzip', fmt(s.popup.minGzipBytes, 'KiB')));
    rows.push(valueRow('5 size', 'background, min+gzip', fmt(s.background.minGzipBytes, 'KiB')));
  }
  if (r.hostMemory && !r.hostMemory.error) {
    const m = r.hostMemory;
    const at = (reads) => m.samples.find((x) => x.reads === reads);
    const first = at(m.growthFrom);
    const last = m.samples.at(-1);
    rows.push(
      valueRow(
        '5 memory',
        `host RSS after hello / after ${m.growthFrom} reads / after ${m.growthTo} reads`,
        `${fmt(m.afterHelloKiB, 'MiB')} / ${fmt(first?.rssKiB, 'MiB')} / ${fmt(last?.rssKiB, 'MiB')}`,
      ),
    );
    rows.push(
      valueRow(
        '5 memory',
        `host after GC, reads ${m.growthFrom}→${m.growthTo}: heap / RSS growth`,
        `${m.heapGrowthKiB} / ${m.rssGrowthKiB} KiB`,
        { goal: 'flat (noise)', verdict: yes(m.met) },
      ),
    );
  }
  if (r.e2e?.backgroundHeap) {
    const h = r.e2e.backgroundHeap;
    rows.push(
      valueRow(
        '5 memory',
        `background JS heap after GC: idle / after 1 / after ${h.runs} read+fill runs`,
        `${h.beforeKiB} / ${h.afterFirstRunKiB} / ${h.afterKiB} KiB`,
      ),
    );
  }
  return rows;
}

const COLUMNS = [
  ['section', 'part'],
  ['figure', 'figure'],
  ['median', 'median'],
  ['spread', 'p10 – p90'],
  ['n', 'n'],
  ['goal', 'goal'],
  ['verdict', 'verdict'],
];

export function formatText(rows) {
  const widths = COLUMNS.map(([k, title]) => Math.max(title.length, ...rows.map((r) => String(r[k]).length)));
  const line = (cells) =>
    cells
      .map((c, i) => String(c).padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  return [
    line(COLUMNS.map(([, t]) => t)),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map((r) => line(COLUMNS.map(([k]) => r[k]))),
  ].join('\n');
}

export function formatMarkdown(rows) {
  const esc = (s) => String(s).replace(/\|/g, '\\|');
  return [
    `| ${COLUMNS.map(([, t]) => t).join(' | ')} |`,
    `|${COLUMNS.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${COLUMNS.map(([k]) => esc(r[k])).join(' | ')} |`),
  ].join('\n');
}
