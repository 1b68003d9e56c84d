package dev.tollgate.api.inference.boundary;

import dev.tollgate.api.inference.control.InferenceRequest;
import dev.tollgate.api.inference.control.InferenceRequestReader;
import jakarta.servlet.annotation.WebServlet;

/** {@code POST /api/v1/completions}: the legacy {@code prompt} in, {@code text} choices out. */
@WebServlet(urlPatterns = "/api/v1/completions")
public class LegacyCompletionsServlet extends InferenceServlet {

    @Override
    InferenceRequest read(byte[] body) {
        return InferenceRequestReader.legacy(body);
    }
}
