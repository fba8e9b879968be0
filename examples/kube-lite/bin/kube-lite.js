#!/usr/bin/env node
// The installed `kube-lite` command. It exists before the build (npm links bins at install
// time, before `prepare` builds dist/), and runs the compiled CLI.
import '../dist/bin.js';
