"""Optional single sign-on with the city's identity provider (Keycloak, ADFS, ...) over
OpenID Connect. Off unless OIDC_RP_CLIENT_ID is set; local accounts keep working.

Accounts are matched by e-mail address. A new account gets no role: rights stay data that an
administrator or a workspace's coordination assigns, exactly as for local accounts."""

from mozilla_django_oidc.auth import OIDCAuthenticationBackend


def username_from_claims(email, claims):
    return (claims.get("preferred_username") or email or "")[:150]


class CityOIDCBackend(OIDCAuthenticationBackend):
    def create_user(self, claims):
        user = super().create_user(claims)
        return self.update_user(user, claims)

    def update_user(self, user, claims):
        user.first_name = claims.get("given_name", user.first_name)[:150]
        user.last_name = claims.get("family_name", user.last_name)[:150]
        user.save(update_fields=["first_name", "last_name"])
        return user
