package dev.tollgate.api.inference.boundary;

import dev.tollgate.api.inference.control.InferenceRequest;
import dev.tollgate.api.inference.control.InferenceRequestReader;
import jakarta.servlet.annotation.WebServlet;

/** {@code POST /api/v1/chat/completions}: an exact mapping, so it wins over JAX-RS's {@code /api/*}. */
@WebServlet(urlPatterns = "/api/v1/chat/completions")
public class ChatCompletionsServlet extends InferenceServlet {

    @Override
    InferenceRequest read(byte[] body) {
        return InferenceRequestReader.chat(body);
    }
}
