// Starts the headless Chromium the browser tests drive, with what it needs
// to run as root in a container and without reaching the network.
'use strict';
const { chromium } = require('playwright-core');

module.exports = function launch(executablePath) {
  return chromium.launch({
    executablePath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
};
