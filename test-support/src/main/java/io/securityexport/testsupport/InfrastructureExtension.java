package io.securityexport.testsupport;

import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * {@code @ExtendWith(InfrastructureExtension.class)} injects {@link Infrastructure} or one of its servers
 * into test constructors, lifecycle methods and test methods; all come from {@link Infrastructure#shared()}.
 */
public final class InfrastructureExtension implements ParameterResolver {

    private static final Map<Class<?>, Function<Infrastructure, Object>> RESOLVABLE = Map.of(
            Infrastructure.class, infrastructure -> infrastructure,
            PostgresServer.class, Infrastructure::postgres,
            KafkaBroker.class, Infrastructure::kafka,
            S3Server.class, Infrastructure::s3,
            StsServer.class, Infrastructure::sts);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext extension) {
        return RESOLVABLE.containsKey(parameter.getParameter().getType());
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext extension) {
        return RESOLVABLE.get(parameter.getParameter().getType()).apply(Infrastructure.shared());
    }
}
