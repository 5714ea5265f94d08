package io.liveguard.platform.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI description served at {@code /v3/api-docs}. */
@Configuration
class OpenApiConfig {
  @Bean
  OpenAPI liveguardOpenApi() {
    return new OpenAPI()
        .info(
            new Info()
                .title("LiveGuard 直播电商数字治理平台 API")
                .version("v1")
                .description(
                    "Registry, event ingest (POST /api/v1/events: JSON array or JSONL, at most"
                        + " 1000 events per batch), leads and the closed-loop workflow, evidence"
                        + " packages, audit trail. Errors are RFC 9457 problem details.")
                .license(new License().name("Apache-2.0")))
        .components(
            new Components()
                .addSecuritySchemes(
                    "bearer",
                    new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP)
                        .scheme("bearer")
                        .description("API token issued by an admin (POST /api/v1/tokens)")))
        .addSecurityItem(new SecurityRequirement().addList("bearer"));
  }
}
