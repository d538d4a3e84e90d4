from tests.email.aws import ses_endpoint

__all__ = ["ses_endpoint"]
