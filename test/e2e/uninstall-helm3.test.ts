import { uninstallSuite } from './uninstall-suite.ts';

uninstallSuite(3);
