from access.rights import access_for


def access(request):
    """The user's rights, for the header (their role) and for what pages offer."""
    return {"access": access_for(getattr(request, "user", None))}
