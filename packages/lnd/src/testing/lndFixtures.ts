// Replies captured from lnd v0.21.3-beta on the regtest network (alice, bob, carol),
// trimmed of nothing: these are the exact JSON shapes the mapping layer reads.
// Test-only (not built).

export const getInfo = {
  version: '0.21.3-beta commit=',
  commit_hash: '',
  identity_pubkey: '03f569b388a3c444fd8472b82fab046568e8808d115659218912175d615b2b66b3',
  alias: 'alice',
  color: '#3399ff',
  num_pending_channels: 0,
  num_active_channels: 1,
  num_inactive_channels: 0,
  num_peers: 2,
  block_height: 517,
  block_hash: '49103bbbcaa5ae85d044bf21a5a81a9b06b8dcd2fd73a7d9827afedbe9f4a46a',
  best_header_timestamp: '1795501086',
  synced_to_chain: true,
  synced_to_graph: true,
  testnet: false,
  chains: [
    {
      chain: 'bitcoin',
      network: 'regtest',
    },
  ],
  uris: [],
  features: {
    '0': {
      name: 'data-loss-protect',
      is_required: true,
      is_known: true,
    },
    '5': {
      name: 'upfront-shutdown-script',
      is_required: false,
      is_known: true,
    },
    '7': {
      name: 'gossip-queries',
      is_required: false,
      is_known: true,
    },
    '8': {
      name: 'tlv-onion',
      is_required: true,
      is_known: true,
    },
    '12': {
      name: 'static-remote-key',
      is_required: true,
      is_known: true,
    },
    '14': {
      name: 'payment-addr',
      is_required: true,
      is_known: true,
    },
    '17': {
      name: 'multi-path-payments',
      is_required: false,
      is_known: true,
    },
    '23': {
      name: 'anchors-zero-fee-htlc-tx',
      is_required: false,
      is_known: true,
    },
    '25': {
      name: 'route-blinding',
      is_required: false,
      is_known: true,
    },
    '27': {
      name: 'shutdown-any-segwit',
      is_required: false,
      is_known: true,
    },
    '30': {
      name: 'amp',
      is_required: true,
      is_known: true,
    },
    '31': {
      name: 'amp',
      is_required: false,
      is_known: true,
    },
    '35': {
      name: 'quiescence',
      is_required: false,
      is_known: true,
    },
    '39': {
      name: 'onion-messages',
      is_required: false,
      is_known: true,
    },
    '44': {
      name: 'explicit-commitment-type',
      is_required: true,
      is_known: true,
    },
    '55': {
      name: 'keysend',
      is_required: false,
      is_known: true,
    },
    '261': {
      name: 'accountable-x',
      is_required: false,
      is_known: true,
    },
    '2023': {
      name: 'script-enforced-lease',
      is_required: false,
      is_known: true,
    },
  },
  require_htlc_interceptor: false,
  store_final_htlc_resolutions: false,
  wallet_synced: true,
  graph_cache_status: 'GRAPH_CACHE_STATUS_LOADED',
}

export const addInvoice = {
  r_hash: 'rYZr0pjQcIPKSogeMTOHKHfjDubavDrVt3EccrnDlAg=',
  payment_request:
    'lnbcrt10005n1p4s2276pp54krxh55c6pcg8jj23q0rzvu89pm7xrhxm27r44dhwyw89wwrjsyqdq0vdskdsafyr3f4ggcqzzsxqrrsssp53vmaghp2d38uumcdftatjx2wxl6gc2mezgc4lr2sxejlj9e7fass9qxpqysgq7aw69vw0v8kpf5267ly4r9uc7z0rnu5ty2tps35003xfyqrxk2734wj36u0djc3x29x4jex2scl0gcy6hdprwt5t9v9c0vmamh0wmygqc238du',
  add_index: '1',
  payment_addr: 'izfUXCpsT85vDUr6uRlON/SMK3kSMV+NUDZl+Rc+T2E=',
}

export const invoiceOpen = {
  memo: 'café ⚡',
  r_preimage: 'anh6+MvbXQ4oWQC5bd8yXJje0A8USpAQcQnFvcSYx+Q=',
  r_hash: 'rYZr0pjQcIPKSogeMTOHKHfjDubavDrVt3EccrnDlAg=',
  value: '1000',
  value_msat: '1000500',
  settled: false,
  creation_date: '1795501018',
  settle_date: '0',
  payment_request:
    'lnbcrt10005n1p4s2276pp54krxh55c6pcg8jj23q0rzvu89pm7xrhxm27r44dhwyw89wwrjsyqdq0vdskdsafyr3f4ggcqzzsxqrrsssp53vmaghp2d38uumcdftatjx2wxl6gc2mezgc4lr2sxejlj9e7fass9qxpqysgq7aw69vw0v8kpf5267ly4r9uc7z0rnu5ty2tps35003xfyqrxk2734wj36u0djc3x29x4jex2scl0gcy6hdprwt5t9v9c0vmamh0wmygqc238du',
  description_hash: '',
  expiry: '3600',
  fallback_addr: '',
  cltv_expiry: '80',
  route_hints: [],
  private: false,
  add_index: '1',
  settle_index: '0',
  amt_paid: '0',
  amt_paid_sat: '0',
  amt_paid_msat: '0',
  state: 'OPEN',
  htlcs: [],
  features: {
    '8': {
      name: 'tlv-onion',
      is_required: true,
      is_known: true,
    },
    '14': {
      name: 'payment-addr',
      is_required: true,
      is_known: true,
    },
    '17': {
      name: 'multi-path-payments',
      is_required: false,
      is_known: true,
    },
    '25': {
      name: 'route-blinding',
      is_required: false,
      is_known: true,
    },
  },
  is_keysend: false,
  payment_addr: 'izfUXCpsT85vDUr6uRlON/SMK3kSMV+NUDZl+Rc+T2E=',
  is_amp: false,
  amp_invoice_state: {},
  is_blinded: false,
  blinded_path_config: null,
}

export const addHoldInvoice = {
  payment_request:
    'lnbcrt500n1p4s22l8pp5f3cscxtxmwqnumwq9dwvrg9fnwyrxmakafrvhcagwwshqke4dy5sdq8dphkceqcqzpgxqyz5vqsp5a9a4rs9kc2zdx9ww3s470tdcxm55x7w9uqfhvfnn7lkwlkc6787s9qxpqysgqk9l3nvljeh7j074cyvze44drckr9vcgk9m50vjr29gl35433rusry7wrd3y0962spr5ah6dyxga3zednj9sdyjsemt482ejcfndad0sqaxcah7',
  add_index: '2',
  payment_addr: '6XtRwLbChNMVzowr5624NulDecXgE3Ymc/fs79sa8f0=',
}

export const holdInvoiceAccepted = {
  memo: 'hold',
  r_preimage: '',
  r_hash: 'THEMGWbbgT5twCtcwaCpm4gzb7bqRsvjqHOhcFs1aSk=',
  value: '50',
  value_msat: '50000',
  settled: false,
  creation_date: '1795501031',
  settle_date: '0',
  payment_request:
    'lnbcrt500n1p4s22l8pp5f3cscxtxmwqnumwq9dwvrg9fnwyrxmakafrvhcagwwshqke4dy5sdq8dphkceqcqzpgxqyz5vqsp5a9a4rs9kc2zdx9ww3s470tdcxm55x7w9uqfhvfnn7lkwlkc6787s9qxpqysgqk9l3nvljeh7j074cyvze44drckr9vcgk9m50vjr29gl35433rusry7wrd3y0962spr5ah6dyxga3zednj9sdyjsemt482ejcfndad0sqaxcah7',
  description_hash: '',
  expiry: '86400',
  fallback_addr: '',
  cltv_expiry: '40',
  route_hints: [],
  private: false,
  add_index: '2',
  settle_index: '0',
  amt_paid: '50000',
  amt_paid_sat: '50',
  amt_paid_msat: '50000',
  state: 'ACCEPTED',
  htlcs: [
    {
      chan_id: '553054348902400',
      htlc_index: '2',
      amt_msat: '50000',
      accept_height: 508,
      accept_time: '1795501032',
      resolve_time: '0',
      expiry_height: 551,
      state: 'ACCEPTED',
      custom_records: {
        '106823': 'AA==',
      },
      mpp_total_amt_msat: '50000',
      amp: null,
      custom_channel_data: '/gABoUcBAA==',
    },
  ],
  features: {
    '8': {
      name: 'tlv-onion',
      is_required: true,
      is_known: true,
    },
    '14': {
      name: 'payment-addr',
      is_required: true,
      is_known: true,
    },
    '17': {
      name: 'multi-path-payments',
      is_required: false,
      is_known: true,
    },
    '25': {
      name: 'route-blinding',
      is_required: false,
      is_known: true,
    },
  },
  is_keysend: false,
  payment_addr: '6XtRwLbChNMVzowr5624NulDecXgE3Ymc/fs79sa8f0=',
  is_amp: false,
  amp_invoice_state: {},
  is_blinded: false,
  blinded_path_config: null,
}

export const holdInvoiceSettled = {
  memo: 'hold',
  r_preimage: 'xNmcePgBRALmpEkRFk7Ztk+9Xv1BByzzmCHqOsxx0qI=',
  r_hash: 'THEMGWbbgT5twCtcwaCpm4gzb7bqRsvjqHOhcFs1aSk=',
  value: '50',
  value_msat: '50000',
  settled: true,
  creation_date: '1795501031',
  settle_date: '1795501034',
  payment_request:
    'lnbcrt500n1p4s22l8pp5f3cscxtxmwqnumwq9dwvrg9fnwyrxmakafrvhcagwwshqke4dy5sdq8dphkceqcqzpgxqyz5vqsp5a9a4rs9kc2zdx9ww3s470tdcxm55x7w9uqfhvfnn7lkwlkc6787s9qxpqysgqk9l3nvljeh7j074cyvze44drckr9vcgk9m50vjr29gl35433rusry7wrd3y0962spr5ah6dyxga3zednj9sdyjsemt482ejcfndad0sqaxcah7',
  description_hash: '',
  expiry: '86400',
  fallback_addr: '',
  cltv_expiry: '40',
  route_hints: [],
  private: false,
  add_index: '2',
  settle_index: '2',
  amt_paid: '50000',
  amt_paid_sat: '50',
  amt_paid_msat: '50000',
  state: 'SETTLED',
  htlcs: [
    {
      chan_id: '553054348902400',
      htlc_index: '2',
      amt_msat: '50000',
      accept_height: 508,
      accept_time: '1795501032',
      resolve_time: '1795501034',
      expiry_height: 551,
      state: 'SETTLED',
      custom_records: {
        '106823': 'AA==',
      },
      mpp_total_amt_msat: '50000',
      amp: null,
      custom_channel_data: '/gABoUcBAA==',
    },
  ],
  features: {
    '8': {
      name: 'tlv-onion',
      is_required: true,
      is_known: true,
    },
    '14': {
      name: 'payment-addr',
      is_required: true,
      is_known: true,
    },
    '17': {
      name: 'multi-path-payments',
      is_required: false,
      is_known: true,
    },
    '25': {
      name: 'route-blinding',
      is_required: false,
      is_known: true,
    },
  },
  is_keysend: false,
  payment_addr: '6XtRwLbChNMVzowr5624NulDecXgE3Ymc/fs79sa8f0=',
  is_amp: false,
  amp_invoice_state: {},
  is_blinded: false,
  blinded_path_config: null,
}

export const paymentInFlight = {
  payment_hash: 'ad866bd298d07083ca4a881e3133872877e30ee6dabc3ad5b7711c72b9c39408',
  value: '1000',
  creation_date: '1795501022',
  fee: '0',
  payment_preimage: '0000000000000000000000000000000000000000000000000000000000000000',
  value_sat: '1000',
  value_msat: '1000500',
  payment_request:
    'lnbcrt10005n1p4s2276pp54krxh55c6pcg8jj23q0rzvu89pm7xrhxm27r44dhwyw89wwrjsyqdq0vdskdsafyr3f4ggcqzzsxqrrsssp53vmaghp2d38uumcdftatjx2wxl6gc2mezgc4lr2sxejlj9e7fass9qxpqysgq7aw69vw0v8kpf5267ly4r9uc7z0rnu5ty2tps35003xfyqrxk2734wj36u0djc3x29x4jex2scl0gcy6hdprwt5t9v9c0vmamh0wmygqc238du',
  status: 'IN_FLIGHT',
  fee_sat: '0',
  fee_msat: '0',
  creation_time_ns: '1795501022239108442',
  htlcs: [],
  payment_index: '2',
  failure_reason: 'FAILURE_REASON_NONE',
  first_hop_custom_records: {
    '106823': 'AA==',
  },
}

export const paymentSucceeded = {
  payment_hash: 'ad866bd298d07083ca4a881e3133872877e30ee6dabc3ad5b7711c72b9c39408',
  value: '1000',
  creation_date: '1795501022',
  fee: '1',
  payment_preimage: '6a787af8cbdb5d0e285900b96ddf325c98ded00f144a90107109c5bdc498c7e4',
  value_sat: '1000',
  value_msat: '1000500',
  payment_request:
    'lnbcrt10005n1p4s2276pp54krxh55c6pcg8jj23q0rzvu89pm7xrhxm27r44dhwyw89wwrjsyqdq0vdskdsafyr3f4ggcqzzsxqrrsssp53vmaghp2d38uumcdftatjx2wxl6gc2mezgc4lr2sxejlj9e7fass9qxpqysgq7aw69vw0v8kpf5267ly4r9uc7z0rnu5ty2tps35003xfyqrxk2734wj36u0djc3x29x4jex2scl0gcy6hdprwt5t9v9c0vmamh0wmygqc238du',
  status: 'SUCCEEDED',
  fee_sat: '1',
  fee_msat: '1001',
  creation_time_ns: '1795501022239108442',
  htlcs: [
    {
      attempt_id: '2',
      status: 'SUCCEEDED',
      route: {
        total_time_lock: 671,
        total_fees: '1',
        total_amt: '1001',
        hops: [
          {
            chan_id: '553054348836864',
            chan_capacity: '1001',
            amt_to_forward: '1000',
            fee: '1',
            expiry: 591,
            amt_to_forward_msat: '1000500',
            fee_msat: '1001',
            pub_key: '028e8f3fb6efea01e54979d29198cb3f1ce11e639a5a97efd5c3702e059f327266',
            tlv_payload: true,
            mpp_record: null,
            amp_record: null,
            custom_records: {},
            metadata: '',
            blinding_point: '',
            encrypted_data: '',
            total_amt_msat: '0',
          },
          {
            chan_id: '553054348902400',
            chan_capacity: '1000',
            amt_to_forward: '1000',
            fee: '0',
            expiry: 591,
            amt_to_forward_msat: '1000500',
            fee_msat: '0',
            pub_key: '0324bce54c1b527644839af50fe922707fd1af8a56d17cae0332263e9828c83860',
            tlv_payload: true,
            mpp_record: {
              payment_addr: 'izfUXCpsT85vDUr6uRlON/SMK3kSMV+NUDZl+Rc+T2E=',
              total_amt_msat: '1000500',
            },
            amp_record: null,
            custom_records: {},
            metadata: '',
            blinding_point: '',
            encrypted_data: '',
            total_amt_msat: '0',
          },
        ],
        total_fees_msat: '1001',
        total_amt_msat: '1001501',
        first_hop_amount_msat: '1001501',
        custom_channel_data: '',
      },
      attempt_time_ns: '1795501022240593443',
      resolve_time_ns: '1795501022421229333',
      failure: null,
      preimage: 'anh6+MvbXQ4oWQC5bd8yXJje0A8USpAQcQnFvcSYx+Q=',
    },
  ],
  payment_index: '2',
  failure_reason: 'FAILURE_REASON_NONE',
  first_hop_custom_records: {
    '106823': 'AA==',
  },
}

export const paymentFailed = {
  payment_hash: '87e61099dae32a128ebab28211034c17b24ca9ff05617baff4ad77f859686702',
  value: '2',
  creation_date: '1795501096',
  fee: '0',
  payment_preimage: '0000000000000000000000000000000000000000000000000000000000000000',
  value_sat: '2',
  value_msat: '2000',
  payment_request: '',
  status: 'FAILED',
  fee_sat: '0',
  fee_msat: '0',
  creation_time_ns: '1795501096365328115',
  htlcs: [
    {
      attempt_id: '4',
      status: 'FAILED',
      route: {
        total_time_lock: 640,
        total_fees: '1',
        total_amt: '3',
        hops: [
          {
            chan_id: '553054348836864',
            chan_capacity: '3',
            amt_to_forward: '2',
            fee: '1',
            expiry: 560,
            amt_to_forward_msat: '2000',
            fee_msat: '1000',
            pub_key: '028e8f3fb6efea01e54979d29198cb3f1ce11e639a5a97efd5c3702e059f327266',
            tlv_payload: true,
            mpp_record: null,
            amp_record: null,
            custom_records: {},
            metadata: '',
            blinding_point: '',
            encrypted_data: '',
            total_amt_msat: '0',
          },
          {
            chan_id: '553054348902400',
            chan_capacity: '2',
            amt_to_forward: '2',
            fee: '0',
            expiry: 560,
            amt_to_forward_msat: '2000',
            fee_msat: '0',
            pub_key: '0324bce54c1b527644839af50fe922707fd1af8a56d17cae0332263e9828c83860',
            tlv_payload: true,
            mpp_record: null,
            amp_record: null,
            custom_records: {},
            metadata: '',
            blinding_point: '',
            encrypted_data: '',
            total_amt_msat: '0',
          },
        ],
        total_fees_msat: '1000',
        total_amt_msat: '3000',
        first_hop_amount_msat: '3000',
        custom_channel_data: '',
      },
      attempt_time_ns: '1795501096367154998',
      resolve_time_ns: '1795501096611890616',
      failure: {
        code: 'INCORRECT_OR_UNKNOWN_PAYMENT_DETAILS',
        channel_update: null,
        htlc_msat: '0',
        onion_sha_256: '',
        cltv_expiry: 0,
        flags: 0,
        failure_source_index: 2,
        height: 517,
      },
      preimage: '',
    },
  ],
  payment_index: '4',
  failure_reason: 'FAILURE_REASON_INCORRECT_PAYMENT_DETAILS',
  first_hop_custom_records: {
    '106823': 'AA==',
  },
}

export const listChannels = {
  channels: [
    {
      active: true,
      remote_pubkey: '028e8f3fb6efea01e54979d29198cb3f1ce11e639a5a97efd5c3702e059f327266',
      channel_point: '8dd3c82e57380719af7b9f751891b9ff83c30e6de3dc655b072541fe0ae1ef8e:0',
      chan_id: '553054348836864',
      capacity: '10000000',
      local_balance: '4997725',
      remote_balance: '5001052',
      commit_fee: '563',
      commit_weight: '1116',
      fee_per_kw: '500',
      unsettled_balance: '0',
      total_satoshis_sent: '1052',
      total_satoshis_received: '0',
      num_updates: '8',
      pending_htlcs: [],
      csv_delay: 1201,
      private: false,
      initiator: true,
      chan_status_flags: 'ChanStatusDefault',
      local_chan_reserve_sat: '100000',
      remote_chan_reserve_sat: '100000',
      static_remote_key: false,
      commitment_type: 'ANCHORS',
      lifetime: '62',
      uptime: '62',
      close_address: '',
      push_amount_sat: '5000000',
      thaw_height: 0,
      local_constraints: {
        csv_delay: 1201,
        chan_reserve_sat: '100000',
        dust_limit_sat: '354',
        max_pending_amt_msat: '9900000000',
        min_htlc_msat: '1',
        max_accepted_htlcs: 483,
      },
      remote_constraints: {
        csv_delay: 1201,
        chan_reserve_sat: '100000',
        dust_limit_sat: '354',
        max_pending_amt_msat: '9900000000',
        min_htlc_msat: '1',
        max_accepted_htlcs: 483,
      },
      alias_scids: [],
      zero_conf: false,
      zero_conf_confirmed_scid: '0',
      peer_alias: '',
      peer_scid_alias: '0',
      memo: '',
      custom_channel_data: '',
    },
  ],
}

export const pendingOpen = {
  total_limbo_balance: '0',
  pending_open_channels: [
    {
      channel: {
        remote_node_pub: '0324bce54c1b527644839af50fe922707fd1af8a56d17cae0332263e9828c83860',
        channel_point: '2568581b2017c9f03933e792423f5df7896cbc75042c07ff2b583f825186bf20:0',
        capacity: '1000000',
        local_balance: '988781',
        remote_balance: '10000',
        local_chan_reserve_sat: '10000',
        remote_chan_reserve_sat: '10000',
        initiator: 'INITIATOR_LOCAL',
        commitment_type: 'ANCHORS',
        num_forwarding_packages: '0',
        chan_status_flags: '',
        private: true,
        memo: '',
        custom_channel_data: '',
      },
      commit_fee: '559',
      commit_weight: '1116',
      fee_per_kw: '498',
      funding_expiry_blocks: 2016,
      confirmations_until_active: 1,
      confirmation_height: 0,
    },
  ],
  pending_closing_channels: [],
  pending_force_closing_channels: [],
  waiting_close_channels: [],
}

export const pendingClose = {
  total_limbo_balance: '988781',
  pending_open_channels: [],
  pending_closing_channels: [],
  pending_force_closing_channels: [],
  waiting_close_channels: [
    {
      channel: {
        remote_node_pub: '0324bce54c1b527644839af50fe922707fd1af8a56d17cae0332263e9828c83860',
        channel_point: '2568581b2017c9f03933e792423f5df7896cbc75042c07ff2b583f825186bf20:0',
        capacity: '1000000',
        local_balance: '988781',
        remote_balance: '10000',
        local_chan_reserve_sat: '10000',
        remote_chan_reserve_sat: '10000',
        initiator: 'INITIATOR_LOCAL',
        commitment_type: 'ANCHORS',
        num_forwarding_packages: '0',
        chan_status_flags: 'ChanStatusCoopBroadcasted|ChanStatusLocalCloseInitiator',
        private: true,
        memo: '',
        custom_channel_data: '',
      },
      limbo_balance: '988781',
      commitments: {
        local_txid: '67d77b3f431fe12df3220246ab805b37def1275c8aac0498d948856cf4adb2e5',
        remote_txid: 'ef3117ce20ac0c23dea0f6d3fc5372b39249bad537c169d4d50b19a73bc1e9de',
        remote_pending_txid: '',
        local_commit_fee_sat: '559',
        remote_commit_fee_sat: '559',
        remote_pending_commit_fee_sat: '0',
      },
      closing_txid: 'ef09acd3c56da6508e27a8473077777b8f4a80e9ab1f0b14c9031b66a81b6c2a',
      closing_tx_hex: '',
      blocks_til_close_confirmed: 3,
      close_height: 0,
    },
  ],
}

export const closedChannels = {
  channels: [
    {
      channel_point: '2568581b2017c9f03933e792423f5df7896cbc75042c07ff2b583f825186bf20:0',
      chan_id: '560750930231296',
      chain_hash: '0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206',
      closing_tx_hash: 'ef09acd3c56da6508e27a8473077777b8f4a80e9ab1f0b14c9031b66a81b6c2a',
      remote_pubkey: '0324bce54c1b527644839af50fe922707fd1af8a56d17cae0332263e9828c83860',
      capacity: '1000000',
      close_height: 513,
      settled_balance: '989578',
      time_locked_balance: '0',
      close_type: 'COOPERATIVE_CLOSE',
      open_initiator: 'INITIATOR_LOCAL',
      close_initiator: 'INITIATOR_LOCAL',
      resolutions: [],
      alias_scids: [],
      zero_conf_confirmed_scid: '0',
      custom_channel_data: '',
    },
  ],
}

export const channelBalance = {
  balance: '4997725',
  pending_open_balance: '0',
  local_balance: {
    sat: '4997725',
    msat: '4997725499',
  },
  remote_balance: {
    sat: '5001052',
    msat: '5001052501',
  },
  unsettled_local_balance: {
    sat: '0',
    msat: '0',
  },
  unsettled_remote_balance: {
    sat: '0',
    msat: '0',
  },
  pending_open_local_balance: {
    sat: '0',
    msat: '0',
  },
  pending_open_remote_balance: {
    sat: '0',
    msat: '0',
  },
  custom_channel_data: 'AQAA',
}

export const walletBalance = {
  total_balance: '1256489999303',
  confirmed_balance: '1256489999303',
  unconfirmed_balance: '0',
  locked_balance: '0',
  reserved_balance_anchor_chan: '10000',
  account_balance: {
    default: {
      confirmed_balance: '1256489999303',
      unconfirmed_balance: '0',
    },
  },
}

export const listPeers = {
  peers: [
    {
      pub_key: '028e8f3fb6efea01e54979d29198cb3f1ce11e639a5a97efd5c3702e059f327266',
      address: '127.0.0.1:44491',
      bytes_sent: '8701',
      bytes_recv: '7208',
      sat_sent: '1052',
      sat_recv: '0',
      inbound: false,
      ping_time: '-1',
      sync_type: 'ACTIVE_SYNC',
      features: {
        '0': {
          name: 'data-loss-protect',
          is_required: true,
          is_known: true,
        },
        '5': {
          name: 'upfront-shutdown-script',
          is_required: false,
          is_known: true,
        },
        '7': {
          name: 'gossip-queries',
          is_required: false,
          is_known: true,
        },
        '8': {
          name: 'tlv-onion',
          is_required: true,
          is_known: true,
        },
        '12': {
          name: 'static-remote-key',
          is_required: true,
          is_known: true,
        },
        '14': {
          name: 'payment-addr',
          is_required: true,
          is_known: true,
        },
        '17': {
          name: 'multi-path-payments',
          is_required: false,
          is_known: true,
        },
        '23': {
          name: 'anchors-zero-fee-htlc-tx',
          is_required: false,
          is_known: true,
        },
        '25': {
          name: 'route-blinding',
          is_required: false,
          is_known: true,
        },
        '27': {
          name: 'shutdown-any-segwit',
          is_required: false,
          is_known: true,
        },
        '31': {
          name: 'amp',
          is_required: false,
          is_known: true,
        },
        '35': {
          name: 'quiescence',
          is_required: false,
          is_known: true,
        },
        '39': {
          name: 'onion-messages',
          is_required: false,
          is_known: true,
        },
        '44': {
          name: 'explicit-commitment-type',
          is_required: true,
          is_known: true,
        },
        '2023': {
          name: 'script-enforced-lease',
          is_required: false,
          is_known: true,
        },
      },
      errors: [],
      flap_count: 1,
      last_flap_ns: '1795500978488274827',
      last_ping_payload: '',
    },
  ],
}

export const openChannel = {
  funding_txid_bytes: 'IL+GUYI/WCv/BywEdbxsifddP0KS5zM58MkXIBtYaCU=',
  output_index: 0,
}

export const closeUpdates = [
  {
    close_pending: {
      txid: 'KmwbqGYbA8kUCx+r6YBKj3t3dzBHqCeOUKZtxdOsCe8=',
      output_index: 0,
      fee_per_vbyte: '0',
      local_close_tx: false,
    },
  },
  {
    chan_close: {
      closing_txid: 'KmwbqGYbA8kUCx+r6YBKj3t3dzBHqCeOUKZtxdOsCe8=',
      success: true,
      local_close_output: {
        amount_sat: '989441',
        pk_script: 'USCCOSumNAe5zJ2+N8gS51ST4Y9qMev5AaNbB/QZAW8oww==',
        is_local: true,
        custom_channel_data: '',
      },
      remote_close_output: {
        amount_sat: '10000',
        pk_script: 'USAXJxa3Ksvu9Pj68rVFagSya2K+ZZY+qoTMguUxw7wCdA==',
        is_local: false,
        custom_channel_data: '',
      },
      additional_outputs: [],
    },
  },
]

export const signMessage = {
  signature:
    'rd3ets8d865zrdkkicrkcrrgfp1e5fbwpy4nhamh1utpp8toi83hyfad7r85ope1i9oaufu3y3cc96wd3ooppgw87ughgybfsukywkjk',
}
export const queryRoutes = {
  routes: [
    {
      total_time_lock: 637,
      total_fees: '1',
      total_amt: '1001',
      hops: [
        {
          chan_id: '553054348836864',
          chan_capacity: '1001',
          amt_to_forward: '1000',
          fee: '1',
          expiry: 557,
          amt_to_forward_msat: '1000500',
          fee_msat: '1001',
          pub_key: '028e8f3fb6efea01e54979d29198cb3f1ce11e639a5a97efd5c3702e059f327266',
          tlv_payload: true,
          mpp_record: null,
          amp_record: null,
          custom_records: {},
          metadata: '',
          blinding_point: '',
          encrypted_data: '',
          total_amt_msat: '0',
        },
        {
          chan_id: '553054348902400',
          chan_capacity: '1000',
          amt_to_forward: '1000',
          fee: '0',
          expiry: 557,
          amt_to_forward_msat: '1000500',
          fee_msat: '0',
          pub_key: '0324bce54c1b527644839af50fe922707fd1af8a56d17cae0332263e9828c83860',
          tlv_payload: true,
          mpp_record: null,
          amp_record: null,
          custom_records: {},
          metadata: '',
          blinding_point: '',
          encrypted_data: '',
          total_amt_msat: '0',
        },
      ],
      total_fees_msat: '1001',
      total_amt_msat: '1001501',
      first_hop_amount_msat: '0',
      custom_channel_data: '',
    },
  ],
  success_prob: 1,
}

export const estimateRouteFee = {
  routing_fee_msat: '1001',
  time_lock_delay: '671',
  failure_reason: 'FAILURE_REASON_NONE',
}

export const verifyMessage = {
  valid: true,
  pubkey: '03f569b388a3c444fd8472b82fab046568e8808d115659218912175d615b2b66b3',
}
