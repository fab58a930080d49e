/** The plan of a stage move now lives with the pipeline that applies it. */
export {
  planTransition,
  transitionOf,
  RESTRICTIVE_KINDS,
  type PlanInput,
  type PlanResult,
  type TransitionPlan,
} from '@conduct/casework';
