/**
 * The providers of one GCP stack: `google` (and `google-beta`, for the one resource only it
 * has) pinned to the environment's GCP project, impersonating a deployer service account when
 * the spec names one (the GCP twin of AWS's assumed deploy role), labelling every labelled
 * resource; and `random`, whose ephemeral `random_password` produces generated values.
 *
 * Locations are an attribute of each GCP resource, not of the provider, so one provider serves
 * every location of the environment.
 */
import { Construct } from 'constructs';
import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import { GoogleBetaProvider } from '@cdktf/provider-google-beta/lib/provider';
import { RandomProvider } from '@cdktf/provider-random/lib/provider';

export interface GoogleProvidersProps {
  /** The only GCP project these providers touch: every resource also names it explicitly. */
  readonly project: string;
  /** The default region (the environment's primary location). */
  readonly region: string;
  /**
   * Service account the providers impersonate to deploy, e.g. `deployer@prod-proj.iam.gserviceaccount.com`.
   * @default the caller's own credentials
   */
  readonly impersonateServiceAccount?: string;
  /** Labels on every labelled resource (already in GCP label form). */
  readonly labels: Readonly<Record<string, string>>;
}

export class GoogleProviders extends Construct {
  readonly google: GoogleProvider;
  readonly project: string;
  private readonly props: GoogleProvidersProps;
  private beta?: GoogleBetaProvider;
  private randomProvider?: RandomProvider;

  constructor(scope: Construct, id: string, props: GoogleProvidersProps) {
    super(scope, id);
    this.project = props.project;
    this.props = props;
    this.google = new GoogleProvider(this, 'google', { ...this.common(), alias: 'google' });
    this.labelled(this.google);
  }

  /** `google-beta`, only for `google_project_service_identity` (hashicorp/google 6.50.0 lacks it); added on first use. */
  get googleBeta(): GoogleBetaProvider {
    if (!this.beta) {
      this.beta = new GoogleBetaProvider(this, 'google-beta', { ...this.common(), alias: 'google-beta' });
      this.labelled(this.beta);
    }
    return this.beta;
  }

  /** `random`, whose ephemeral `random_password` generates values; added on first use. */
  get random(): RandomProvider {
    this.randomProvider ??= new RandomProvider(this, 'random', { alias: 'random' });
    return this.randomProvider;
  }

  private common() {
    return {
      project: this.props.project,
      region: this.props.region,
      impersonateServiceAccount: this.props.impersonateServiceAccount,
    };
  }

  /**
   * CDKTF 0.21 rewrites the keys of a provider's map arguments in snake case (`managed-by` would
   * become `managed_by`), so default labels are written as they are, through the override.
   */
  private labelled(provider: GoogleProvider | GoogleBetaProvider): void {
    provider.addOverride('default_labels', { ...this.props.labels });
  }
}
