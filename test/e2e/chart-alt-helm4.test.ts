import { chartAltSuite } from './chart-alt-suite.ts';

chartAltSuite(4);
