package io.securityexport.testsupport;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code arn:<partition>:iam::<account>:role/<optional path/><name>} */
record RoleArn(String value, String partition, String accountId, String roleName) {

    private static final Pattern ARN =
            Pattern.compile("arn:(aws[a-z-]*):iam::(\\d{12}):role/(?:[\\x21-\\x7e]*/)?([\\w+=,.@-]{1,64})");

    static RoleArn parse(String value) {
        Matcher matcher = value == null ? null : ARN.matcher(value);
        if (matcher == null || !matcher.matches()) {
            throw new IllegalArgumentException("not an IAM role ARN: " + value);
        }
        return new RoleArn(value, matcher.group(1), matcher.group(2), matcher.group(3));
    }

    @Override
    public String toString() {
        return value;
    }
}
