/** Engine refusals are domain errors; kept here for the modules that import them from this path. */
export { policyViolation, requireAllowed } from '@conduct/casework';
