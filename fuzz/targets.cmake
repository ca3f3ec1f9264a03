# Every decoder the engine and the app trust has a fuzz target, one line here:
#
#   zs_fuzz_target(<name> LIBS <the layer libraries its decoder lives in>)
#
# with its code in fuzz/targets/<name>.cpp (defines LLVMFuzzerTestOneInput),
# its seed corpus in fuzz/corpus/<name>/seed/ (real inputs: captured traffic,
# real files) and its regression corpus in fuzz/corpus/<name>/regression/
# (every input that once crashed it, named for the bug). fuzz/CMakeLists.txt
# turns each line into a libFuzzer binary in the fuzz build and into the
# fuzz_<name> and fuzz_replay_<name> tests in the normal one.

# The client protocol (core/proto), and the engine meeting it (core/server).
zs_fuzz_target(frame_reader       LIBS zooscope_proto)
zs_fuzz_target(request_records    LIBS zooscope_proto)
zs_fuzz_target(client_session     LIBS zooscope_server)
# Between ensemble members (core/quorum, core/server).
zs_fuzz_target(quorum_messages    LIBS zooscope_quorum)
zs_fuzz_target(forwarded_request  LIBS zooscope_server)
# On disk (core/storage).
zs_fuzz_target(txn_codec          LIBS zooscope_storage)
zs_fuzz_target(txn_log            LIBS zooscope_storage)
zs_fuzz_target(snapshot           LIBS zooscope_storage)
# Configuration (core/config; zoo_cfg also asks core/server whether it is an ensemble).
zs_fuzz_target(zoo_cfg            LIBS zooscope_server)
zs_fuzz_target(java_properties    LIBS zooscope_config)
# Files the app imports (core/admin).
zs_fuzz_target(json               LIBS zooscope_admin)
zs_fuzz_target(export_file        LIBS zooscope_admin)
# What the app reads from a user or a server (core/client, core/ensemble, ui/monitor).
zs_fuzz_target(connect_string     LIBS zooscope_client)
zs_fuzz_target(srvr_mode          LIBS zooscope_ensemble)
zs_fuzz_target(srvr_info          LIBS zooscope_ui_monitor)
# What every server says about itself to the dashboard and zooscope-ctl (core/monitor).
zs_fuzz_target(four_letter_answers LIBS zooscope_monitor)
zs_fuzz_target(admin_answers      LIBS zooscope_monitor)
# The recipes' readers of Curator's and kazoo's node layouts (core/recipes).
zs_fuzz_target(recipe_layout      LIBS zooscope_recipes)
# What zooscope-ctl and the coordination views read into a tree's nodes (core/readers).
zs_fuzz_target(recipe_readers     LIBS zooscope_readers)
# The recipe walk's multiRead replies (core/readers listing_reply.h).
zs_fuzz_target(multi_read_listings LIBS zooscope_readers)
