import { sessionSuite } from './session-suite.ts';

sessionSuite(4);
