package io.securityexport.config.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI description served at /v3/api-docs (Swagger UI at /swagger-ui.html). */
@Configuration(proxyBeanMethods = false)
class ApiDescription {

    @Bean
    OpenAPI securityExportApi() {
        return new OpenAPI()
                .info(new Info()
                        .title("Security Event Export — config API")
                        .version("v1")
                        .description("Each company's S3 export settings (access key or role ARN), Test Credentials,"
                                + " the AWS trust documents for the role method, run history and backfill. Every call"
                                + " needs a bearer token whose company_id claim equals the path's company; reading"
                                + " needs scope security-export:read or :admin, changing needs :admin. Errors are"
                                + " application/problem+json (RFC 9457). A 400 lists every refused field in 'errors' as"
                                + " {field, message}: field is a dotted path into the JSON body (credentials.roleArn,"
                                + " list[0]) or the name of a path or query parameter (companyId, folderPath); the list"
                                + " is empty when the body as a whole is unreadable (not JSON, not one object). Messages"
                                + " say what was expected and never repeat the submitted value. Bodies are read"
                                + " strictly: duplicate keys, anything after the object and values of the wrong JSON"
                                + " type (\"true\" for true, 1 for \"1\", a number for a date) are refused. Sentences"
                                + " (problem titles and details, errors[].message, Test Credentials' messages, run"
                                + " errors, the health's summary) are in the language of Accept-Language: en, fr, ja,"
                                + " ko or pt-BR (any pt), English otherwise; Content-Language says which. Limits:"
                                + " Test Credentials (POST …/test and a PUT that runs it) has a per-company budget,"
                                + " 429 with Retry-After when used up; a body over 64 KiB (by default) is refused with"
                                + " 413; headers over 16 KiB with 431."))
                .components(new Components()
                        .addSecuritySchemes(
                                "bearer",
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.HTTP)
                                        .scheme("bearer")
                                        .bearerFormat("JWT")))
                .addSecurityItem(new SecurityRequirement().addList("bearer"));
    }
}
