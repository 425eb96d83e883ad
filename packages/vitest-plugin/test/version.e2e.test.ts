import { afterAll, describe } from 'vitest';
import { codeVersionScenarios } from '../../../test-utils/scenarios/code-versions.js';
import { cleanup, UNDER_TEST } from './project.js';

afterAll(cleanup);

describe.concurrent.each(UNDER_TEST)('code versions with $label', codeVersionScenarios);
