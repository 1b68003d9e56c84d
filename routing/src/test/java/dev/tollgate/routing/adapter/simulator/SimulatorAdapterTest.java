package dev.tollgate.routing.adapter.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.net.URI;
import org.junit.jupiter.api.Test;

class SimulatorAdapterTest {

    @Test
    void theSamePromptAlwaysGetsTheSameAnswer() {
        assertEquals(SimulatorAdapter.answer("Hello", 12), SimulatorAdapter.answer("Hello", 12));
        assertNotEquals(SimulatorAdapter.answer("Hello", 12), SimulatorAdapter.answer("Goodbye", 12));
        assertEquals(12, SimulatorAdapter.answer("Hello", 12).size());
    }

    @Test
    void settingsComeFromTheBaseUrlAndNonsenseFallsBackToDefaults() {
        SimulatorSettings settings = SimulatorSettings.of(
                URI.create("simulator://x?latency_ms=5&tokens_per_second=0&failure_rate=0.25&words=3"));
        assertEquals(new SimulatorSettings(5, 0, 0.25, 3), settings);
        assertEquals(
                SimulatorSettings.DEFAULT,
                SimulatorSettings.of(URI.create("simulator://x?latency_ms=-4&failure_rate=2&words=abc")));
    }
}
