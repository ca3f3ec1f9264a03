// Placeholder so the library has a source until the first real one lands.
namespace zooscope::ui { [[maybe_unused]] static int placeholder_models = 0; }
