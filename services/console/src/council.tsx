import { createContext, useContext } from 'react';
import { graphql } from './gql';
import type { CouncilQuery } from './gql/graphql';

export const CouncilDocument = graphql(`
  query Council {
    me {
      tenantName
      tenantSlug
      policyVersion
      canReadSafeguarding
      user {
        id
        displayName
        email
        roles
      }
    }
    policyCatalogue {
      roles {
        key
        label
      }
      channels {
        key
        label
      }
      behaviourCategories {
        key
        label
      }
      severities
      checks {
        key
        label
      }
      measures {
        key
        label
        parameters {
          name
          type
          label
          required
        }
      }
      stages {
        key
        label
        kind
        measures
        indefiniteAllowed
        maxMonths
        defaultMonths
        review {
          outcomes
          reviewers
          consultations
          letters {
            outcome
            letter
            title
          }
          noLetterOutcomes
          noLetterConsultations
          extendRequiresCustomerComment
          escalateTo
          adjustableCadence {
            setBy
            minDays
            maxMonths
          }
        }
      }
      derestriction {
        decidedBy
        consultations
        minConsultations
        exceptionalCircumstancesOverride
      }
      electedMembers {
        arrangement
        perCustomer
      }
      letterSending {
        channels {
          channel
          label
          usual
        }
        markedSentBy
      }
    }
  }
`);

export type Council = CouncilQuery;
export const CouncilContext = createContext<Council | null>(null);

/** Who is signed in and the council's vocabulary: every form is built from it. */
export function useCouncil(): Council {
  const council = useContext(CouncilContext);
  if (!council) throw new Error('useCouncil outside a signed-in page');
  return council;
}

export const roleLabel = (council: Council, key: string) =>
  council.policyCatalogue.roles.find((r) => r.key === key)?.label ??
  (key === 'tenant-admin' ? 'Tenant administrator' : key);
