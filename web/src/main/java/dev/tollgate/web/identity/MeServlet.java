package dev.tollgate.web.identity;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code GET /auth/me}: the portal session's signed-in person as JSON (email, name, operator, the organisation they
 * work in and their role there), or 401 when nobody is signed in. For scripts and tests that need to know whom a
 * browser session belongs to without reading pages.
 */
@WebServlet(urlPatterns = "/auth/me", name = "me")
public class MeServlet extends HttpServlet {

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        Optional<PortalUser> user = PortalSessions.current(request);
        if (user.isEmpty()) {
            response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
            response.getWriter()
                    .write(Json.createObjectBuilder()
                            .add("error", Json.createObjectBuilder().add("message", "Not signed in."))
                            .build()
                            .toString());
            return;
        }
        response.getWriter().write(json(user.get()).toString());
    }

    private static JsonObject json(PortalUser user) {
        return Json.createObjectBuilder()
                .add("account", user.account().toString())
                .add("email", user.email())
                .add("name", user.name() == null ? "" : user.name())
                .add("operator", user.operator())
                .add(
                        "organization",
                        Json.createObjectBuilder()
                                .add("id", user.organization().toString())
                                .add("name", user.organizationName())
                                .add("personal", user.personal())
                                .add("role", user.role().name().toLowerCase(Locale.ROOT)))
                .build();
    }
}
