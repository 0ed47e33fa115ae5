"""Why a use case refused; the bot turns each into a sentence in the user's language."""


class UseCaseError(Exception):
    code = "error"


class NotFound(UseCaseError):
    code = "not_found"


class NotAllowed(UseCaseError):
    """The manager does not lead the unit the data belongs to."""

    code = "not_allowed"


class AlreadySubmitted(UseCaseError):
    code = "already_submitted"


class Incomplete(UseCaseError):
    code = "incomplete"


class ChangedMeanwhile(UseCaseError):
    """Someone else changed the request first; the caller shows its current state."""

    code = "changed_meanwhile"


class AlreadyAnswered(UseCaseError):
    """A closed request's follow-up has its answer; a second one changes nothing."""

    code = "already_answered"


class FromConfiguration(UseCaseError):
    """The role was given by the service's configuration (ADMIN_IDS, CENTRAL_TEAM_IDS), not from Teams: only IT
    can take it away, so the municipality can never lock itself out."""

    code = "from_configuration"


class AlreadyDecided(UseCaseError):
    """An erasure request has its decision; a second press or a stale card changes nothing."""

    code = "already_decided"
