from oauth2_provider.oauth2_validators import OAuth2Validator

# The demo people's region, as heard's region codes name them.
REGIONS = {"demo": "MOW", "demo2": "SPE"}


class DemoClaims(OAuth2Validator):
    oidc_claim_scope = OAuth2Validator.oidc_claim_scope | {"region": "profile"}

    def get_additional_claims(self, request):
        user = request.user
        return {
            "name": user.get_full_name() or user.username,
            "email": user.email,
            "region": REGIONS.get(user.username, ""),
        }
