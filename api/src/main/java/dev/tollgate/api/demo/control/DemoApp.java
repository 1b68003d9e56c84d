package dev.tollgate.api.demo.control;

import java.util.List;

/**
 * A made-up app of the demo traffic, known to rankings by the headers it sends, as any app is.
 *
 * @param referer its {@code HTTP-Referer}
 * @param title its {@code X-Title}
 * @param models the models it calls, in turn
 * @param calls how many calls it makes at each start
 */
record DemoApp(String referer, String title, List<String> models, int calls) {

    /** Three apps of different sizes over the demo catalog's models (see the admin module's DemoCatalog). */
    static final List<DemoApp> ALL = List.of(
            new DemoApp(
                    "https://chat.demo.tollgate.invalid",
                    "Demo Chat",
                    List.of("openai/gpt-4o-mini", "meta-llama/llama-3.1-8b-instruct"),
                    18),
            new DemoApp(
                    "https://notes.demo.tollgate.invalid",
                    "Demo Notes",
                    List.of("meta-llama/llama-3.1-8b-instruct", "mistralai/mistral-7b-instruct:free"),
                    10),
            new DemoApp("https://tutor.demo.tollgate.invalid", "Demo Tutor", List.of("openrouter/auto"), 6));
}
