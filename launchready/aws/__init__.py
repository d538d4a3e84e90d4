"""Amazon Web Services clients (boto3): the SES identity behind `launchready email ses` and
`validate --ses-region`. Needs the `aws` extra."""
