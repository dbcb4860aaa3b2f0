import { installSuite } from './install-suite.ts';

installSuite(3);
