#!/bin/sh
# One-shot set-up of MinIO for the demo, run by the minio-init container (image minio/mc) of
# docker-compose.yml: a bucket, a policy that allows exactly what the export worker does in it (multipart
# upload of CSV files) plus reading them back, and an IAM user with that policy whose access key is shaped
# like an AWS one, so the config service accepts it as a customer's export credentials.
# Safe to run again: every step leaves things as they are when already done.
#
# Environment (set in docker-compose.yml / minio.env): MINIO_URL, MINIO_ROOT_USER, MINIO_ROOT_PASSWORD,
# DEMO_BUCKET, DEMO_ACCESS_KEY_ID, DEMO_SECRET_ACCESS_KEY.
set -eu

policy="${DEMO_BUCKET}-export-writer"
policy_file="/tmp/${policy}.json"

mc alias set local "${MINIO_URL}" "${MINIO_ROOT_USER}" "${MINIO_ROOT_PASSWORD}"

mc mb --ignore-existing "local/${DEMO_BUCKET}"

cat > "${policy_file}" <<POLICY
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["s3:GetBucketLocation", "s3:ListBucket", "s3:ListBucketMultipartUploads"],
      "Resource": ["arn:aws:s3:::${DEMO_BUCKET}"]
    },
    {
      "Effect": "Allow",
      "Action": ["s3:PutObject", "s3:GetObject", "s3:DeleteObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"],
      "Resource": ["arn:aws:s3:::${DEMO_BUCKET}/*"]
    }
  ]
}
POLICY
mc admin policy create local "${policy}" "${policy_file}"

mc admin user add local "${DEMO_ACCESS_KEY_ID}" "${DEMO_SECRET_ACCESS_KEY}"
# attach fails when the policy is attached already (a second run), so only attach when it is not
if ! mc admin user info local "${DEMO_ACCESS_KEY_ID}" | grep -q "${policy}"; then
    mc admin policy attach local "${policy}" --user "${DEMO_ACCESS_KEY_ID}"
fi

echo "MinIO ready: bucket ${DEMO_BUCKET}, user ${DEMO_ACCESS_KEY_ID} with policy ${policy}"
