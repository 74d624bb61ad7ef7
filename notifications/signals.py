from django.dispatch import Signal

# A provider reported that an outbox message never reached one of its recipients (bounced, or rejected by the
# provider). Sent once per message and recipient, inside the transaction that records it on the row, so that what a
# receiver writes (a fallback message, a note on a request) commits or rolls back with it.
# Arguments: sender (the model: Email or Sms), message (the row: its kind and related object say what it was about),
# recipient (the e-mail address or the phone number that did not get it).
message_undelivered = Signal()
