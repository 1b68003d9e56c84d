package dev.tollgate.web.activity;

import dev.tollgate.api.generation.control.ActivityFilter;
import dev.tollgate.api.generation.control.GenerationHistory;
import dev.tollgate.web.identity.PortalSessions;
import dev.tollgate.web.identity.PortalUser;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * {@code GET /activity/export.csv}: the signed-in person's organisation's generations that match the filter in the
 * query string ({@link ExportLink}), as CSV, streamed as it is read, at most
 * {@value GenerationHistory#MAX_EXPORT_ROWS} rows. Runs in the organisation's database scope like every portal
 * request.
 */
@WebServlet(urlPatterns = ExportLink.PATH, name = "activity-export")
public class ActivityExportServlet extends HttpServlet {

    @Inject
    GenerationHistory history;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("Cache-Control", "no-store");
        Optional<PortalUser> user = PortalSessions.current(request);
        if (user.isEmpty()) {
            refuse(response, HttpServletResponse.SC_UNAUTHORIZED, "Sign in to export your organisation's activity.");
            return;
        }
        ActivityFilter filter;
        try {
            filter = ExportLink.parse(request::getParameter);
        } catch (IllegalArgumentException e) {
            refuse(response, HttpServletResponse.SC_BAD_REQUEST, e.getMessage());
            return;
        }
        response.setContentType("text/csv; charset=UTF-8");
        response.setHeader(
                "Content-Disposition",
                "attachment; filename=\"tollgate-activity-" + LocalDate.now(ZoneOffset.UTC) + ".csv\"");
        Writer out = new BufferedWriter(new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8));
        history.export(user.get().organization(), filter, out);
        out.flush();
    }

    private static void refuse(HttpServletResponse response, int status, String message) throws IOException {
        response.setStatus(status);
        response.setContentType("text/plain; charset=UTF-8");
        response.getWriter().write(message);
    }
}
