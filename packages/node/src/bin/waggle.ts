#!/usr/bin/env -S node --max-semi-space-size=8 --initial-old-space-size=128 --always-sparkplug
import { main } from '../cli/index.js'

process.exitCode = await main(process.argv)
