// Preloaded into the CLI by the scan benchmark (`node -r`): prints the process's own CPU time
// and peak RSS to stderr as it exits, so that no outside tool is needed to measure them.
/* global process */
'use strict';
process.on('exit', () => {
  const cpu = process.cpuUsage();
  process.stderr.write(`session-doctor-stats cpu=${((cpu.user + cpu.system) / 1e6).toFixed(3)} rss=${process.resourceUsage().maxRSS * 1024}\n`);
});
